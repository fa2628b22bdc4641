import type { Campaign, CampaignDevice, DeviceChange } from '@acs/firmware-data-access';
import {
  FINISHED_STATES,
  IN_FLIGHT_STATES,
  progressAfter,
  type DeviceSignal,
} from '@acs/firmware-domain';
import { deviceOutcome } from './campaign-events';
import type { CampaignPorts } from './ports';

/**
 * The devices the engine waits to hear from, across running campaigns: a boot or a version change
 * of any other device is none of the engine's business and costs it no store read. The tick
 * refreshes it from the store, so every instance knows every in-flight device.
 */
export class InFlightDevices {
  private devices = new Set<string>();
  private known = false;

  /** Until the first refresh the engine cannot tell: every device may be in flight. */
  mayBeInFlight(deviceId: string): boolean {
    return !this.known || this.devices.has(deviceId);
  }

  add(deviceId: string): void {
    this.devices.add(deviceId);
  }

  delete(deviceId: string): void {
    this.devices.delete(deviceId);
  }

  replace(deviceIds: Iterable<string>): void {
    this.devices = new Set(deviceIds);
    this.known = true;
  }

  get size(): number {
    return this.devices.size;
  }
}

/**
 * Moves a device on a signal, as the domain says, keeping its task's references while it is in
 * flight; announces its end. Whether it moved (false: the signal changed nothing, or another
 * instance moved it first).
 */
export async function moveOnSignal(
  ports: Pick<CampaignPorts, 'campaigns' | 'events'>,
  campaign: Campaign,
  device: CampaignDevice,
  signal: DeviceSignal,
  now: Date,
  inFlight?: InFlightDevices,
): Promise<boolean> {
  const progress = progressAfter(device, signal, {
    targetVersion: campaign.targetVersion,
    plan: campaign.plan,
    now,
  });
  if (!progress) return false;
  const finished = FINISHED_STATES.includes(progress.state);
  const keepsTask = finished || IN_FLIGHT_STATES.includes(progress.state);
  const change: DeviceChange = {
    ...progress,
    ...(keepsTask && device.taskId !== undefined ? { taskId: device.taskId } : {}),
    ...(keepsTask && device.commandKey !== undefined ? { commandKey: device.commandKey } : {}),
    ...(finished ? { finishedAt: now.toISOString() } : {}),
  };
  const moved = await ports.campaigns.moveDevice(
    campaign.id,
    device.deviceId,
    { state: device.state, attempts: device.attempts },
    change,
  );
  if (!moved) return false;
  if (!IN_FLIGHT_STATES.includes(progress.state)) inFlight?.delete(device.deviceId);
  const outcome = deviceOutcome({ ...device, ...change }, campaign.targetVersion, now);
  if (outcome) await ports.events.publish(outcome);
  return true;
}
