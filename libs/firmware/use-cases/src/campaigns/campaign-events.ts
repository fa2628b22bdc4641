import type { CampaignEvent, DeviceFirmwareEvent } from '@acs/contracts';
import type { Campaign, CampaignDevice, WaveStateCount } from '@acs/firmware-data-access';
import type { FiredStopRule } from '@acs/firmware-domain';

type Base = { schemaVersion: 1; eventId: string; occurredAt: string; campaignId: string };

function base(campaign: Campaign, suffix: string, now: Date): Base {
  return {
    schemaVersion: 1,
    eventId: `campaign:${campaign.id}:${suffix}`,
    occurredAt: now.toISOString(),
    campaignId: campaign.id,
  };
}

export function campaignStarted(campaign: Campaign, now: Date): CampaignEvent {
  return {
    ...base(campaign, 'started', now),
    type: 'CampaignStarted',
    name: campaign.name,
    targetVersion: campaign.targetVersion,
    waveSizes: [...campaign.waveSizes],
  };
}

export function campaignPaused(
  campaign: Campaign,
  now: Date,
  fired?: FiredStopRule,
): CampaignEvent {
  const pause = campaign.pause;
  return {
    ...base(campaign, `paused:${campaign.revision}`, now),
    type: 'CampaignPaused',
    pausedBy: pause?.by ?? 'operator',
    ...(fired ? { rule: fired.rule, observed: fired.observed, devices: [...fired.devices] } : {}),
  };
}

export function campaignResumed(campaign: Campaign, now: Date): CampaignEvent {
  return { ...base(campaign, `resumed:${campaign.revision}`, now), type: 'CampaignResumed' };
}

// A device with one of these has its verdict; any other had none when the campaign ended.
const VERDICTS: readonly string[] = [
  'confirmed',
  'failed',
  'excluded',
  'rolled-back',
  'rollback-failed',
];

export function campaignEnded(
  campaign: Campaign,
  counts: readonly WaveStateCount[],
  now: Date,
): CampaignEvent {
  const sum = (test: (state: string) => boolean) =>
    counts.filter((count) => test(count.state)).reduce((total, count) => total + count.count, 0);
  const rolledBack = sum((s) => s === 'rolled-back');
  const rollbackFailed = sum((s) => s === 'rollback-failed');
  const state = campaign.state;
  if (state !== 'completed' && state !== 'completed_with_failures' && state !== 'cancelled')
    throw new Error(`campaign ${campaign.id} has not ended (${state})`);
  return {
    ...base(campaign, 'ended', now),
    type: 'CampaignCompleted',
    state,
    confirmed: sum((s) => s === 'confirmed'),
    failed: sum((s) => s === 'failed'),
    excluded: sum((s) => s === 'excluded'),
    notReached: sum((s) => !VERDICTS.includes(s)),
    ...(rolledBack > 0 ? { rolledBack } : {}),
    ...(rollbackFailed > 0 ? { rollbackFailed } : {}),
  };
}

/** A device's outcome: confirmed, or failed with its code (one event per attempt at most). */
export function deviceOutcome(
  device: CampaignDevice,
  targetVersion: string,
  now: Date,
): DeviceFirmwareEvent | null {
  const common = {
    schemaVersion: 1 as const,
    occurredAt: now.toISOString(),
    campaignId: device.campaignId,
    deviceId: device.deviceId,
  };
  const id = `campaign:${device.campaignId}:device:${device.deviceId}:${device.attempts}`;
  if (device.state === 'confirmed')
    return {
      ...common,
      eventId: `${id}:confirmed`,
      type: 'DeviceFirmwareConfirmed',
      version: targetVersion,
      attempts: Math.max(1, device.attempts),
    };
  if (device.state === 'failed' && device.failure)
    return {
      ...common,
      eventId: `${id}:failed`,
      type: 'DeviceFirmwareFailed',
      failureKind: device.failure.kind,
      code: device.failure.code,
      message: device.failure.message,
      attempts: device.attempts,
    };
  return null;
}

/** A rollback's end: the device back on its previous version, or not (one event per device). */
export function rollbackOutcome(device: CampaignDevice, now: Date): DeviceFirmwareEvent | null {
  const { rollback } = device;
  if (!rollback) return null;
  const common = {
    schemaVersion: 1 as const,
    occurredAt: now.toISOString(),
    campaignId: device.campaignId,
    deviceId: device.deviceId,
  };
  const id = `campaign:${device.campaignId}:device:${device.deviceId}:rollback`;
  if (device.state === 'rolled-back' && rollback.method && rollback.toVersion)
    return {
      ...common,
      eventId: `${id}:rolled-back`,
      type: 'DeviceFirmwareRolledBack',
      method: rollback.method,
      toVersion: rollback.toVersion,
      ...(rollback.fromVersion ? { fromVersion: rollback.fromVersion } : {}),
      ...(rollback.bank ? { bank: rollback.bank } : {}),
    };
  if (device.state === 'rollback-failed' && rollback.failure)
    return {
      ...common,
      eventId: `${id}:failed`,
      type: 'DeviceFirmwareRollbackFailed',
      ...(rollback.method ? { method: rollback.method } : {}),
      code: rollback.failure.code,
      message: rollback.failure.message,
    };
  return null;
}
