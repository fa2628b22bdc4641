import type { Campaign, CampaignChange, CampaignDevice } from './campaign-store';

/** A campaign as JSON text: its times as ISO strings. */
export type CampaignRecord = Omit<
  Campaign,
  'createdAt' | 'startedAt' | 'endedAt' | 'soakUntil' | 'startAt' | 'rulesSince'
> & {
  rulesSince?: string;
  createdAt: string;
  startedAt?: string;
  endedAt?: string;
  soakUntil?: string;
  startAt?: string;
};

const TIMES = ['createdAt', 'startedAt', 'endedAt', 'soakUntil', 'startAt', 'rulesSince'] as const;

export function campaignToRecord(campaign: Campaign): CampaignRecord {
  const record: Record<string, unknown> = { ...campaign };
  for (const field of TIMES) {
    const value = campaign[field];
    if (value !== undefined) record[field] = value.toISOString();
  }
  return record as CampaignRecord;
}

export function campaignFromRecord(record: CampaignRecord): Campaign {
  const campaign: Record<string, unknown> = { ...record };
  for (const field of TIMES) {
    const value = record[field];
    if (value !== undefined) campaign[field] = new Date(value);
  }
  return campaign as unknown as Campaign;
}

/** The campaign after a change (the revision bumped), as both adapters apply it. */
export function changedCampaign(campaign: Campaign, change: CampaignChange): Campaign {
  const { unset = [], ...fields } = change;
  const next: Record<string, unknown> = { ...campaign, ...fields, revision: campaign.revision + 1 };
  for (const field of unset) delete next[field];
  return next as unknown as Campaign;
}

/** The device's record after a move: identity kept, progress fields replaced whole. */
export function movedDevice(
  device: CampaignDevice,
  to: Omit<CampaignDevice, keyof Identity>,
): CampaignDevice {
  const { campaignId, deviceId, wave, imageId, fromVersion, timeZone, productClass } = device;
  return {
    campaignId,
    deviceId,
    wave,
    imageId,
    ...(productClass === undefined ? {} : { productClass }),
    ...(fromVersion === undefined ? {} : { fromVersion }),
    ...(timeZone === undefined ? {} : { timeZone }),
    ...to,
  };
}

type Identity = Pick<
  CampaignDevice,
  'campaignId' | 'deviceId' | 'wave' | 'imageId' | 'fromVersion' | 'timeZone'
>;
