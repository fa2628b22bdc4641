import type { Campaign, CampaignDevice, WaveStateCount } from '@acs/firmware-data-access';
import { DEVICE_RUN_STATES, type CampaignState, type DeviceRunState } from '@acs/firmware-domain';
import { CampaignNotFoundError } from '../errors';
import type { CampaignPorts } from './ports';

export interface CampaignProgress {
  readonly campaign: Campaign;
  /** Devices per state over the whole campaign. */
  readonly devices: Readonly<Record<DeviceRunState, number>>;
  /** Devices per state in each wave (the canary first when there is one). */
  readonly waves: ReadonlyArray<Readonly<Partial<Record<DeviceRunState, number>>>>;
}

export function progressOf(
  campaign: Campaign,
  counts: readonly WaveStateCount[],
): CampaignProgress {
  const devices = Object.fromEntries(DEVICE_RUN_STATES.map((state) => [state, 0])) as Record<
    DeviceRunState,
    number
  >;
  const waves = campaign.waveSizes.map(() => ({}) as Partial<Record<DeviceRunState, number>>);
  for (const { wave, state, count } of counts) {
    devices[state] += count;
    const of = waves[wave];
    if (of) of[state] = (of[state] ?? 0) + count;
  }
  return { campaign, devices, waves };
}

/** A campaign with its per-state counts. */
export class GetCampaign {
  constructor(private readonly ports: Pick<CampaignPorts, 'campaigns'>) {}

  async execute(campaignId: string): Promise<CampaignProgress> {
    const campaign = await this.ports.campaigns.get(campaignId);
    if (!campaign) throw new CampaignNotFoundError(campaignId);
    return progressOf(campaign, await this.ports.campaigns.counts(campaignId));
  }
}

export class ListCampaigns {
  constructor(private readonly ports: Pick<CampaignPorts, 'campaigns'>) {}

  execute(query: { limit: number; skip?: number; states?: readonly CampaignState[] }) {
    return this.ports.campaigns.list(query);
  }
}

/** A campaign's devices with their progress, in device id order (cursor: the last id seen). */
export class ListCampaignDevices {
  constructor(private readonly ports: Pick<CampaignPorts, 'campaigns'>) {}

  async execute(
    campaignId: string,
    query: { limit: number; after?: string; states?: readonly DeviceRunState[] },
  ): Promise<CampaignDevice[]> {
    if (!(await this.ports.campaigns.get(campaignId))) throw new CampaignNotFoundError(campaignId);
    return this.ports.campaigns.devices(campaignId, query);
  }
}
