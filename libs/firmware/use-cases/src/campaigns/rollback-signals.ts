import type { AcsEvent } from '@acs/contracts';
import type { Campaign, CampaignDevice } from '@acs/firmware-data-access';
import { readFaultMeansNoBanks, type DeviceSignal } from '@acs/firmware-domain';
import type { InFlightDevices } from './device-moves';
import {
  moveRollbackOnSignal,
  readValuesOf,
  rollingOf,
  routeRollback,
  type RollbackPorts,
} from './rollback-moves';
import { versionSignalOf } from './version-signals';

/** What the event says of the device's rollback, or null when it is about something else. */
function rollbackSignalOf(event: AcsEvent, device: CampaignDevice): DeviceSignal | null {
  const rollback = device.rollback;
  if (!rollback) return null;
  const ours = (taskId: string | undefined, commandKey?: string) =>
    (taskId !== undefined && (rollback.taskIds ?? []).includes(taskId)) ||
    (commandKey !== undefined && commandKey !== '' && commandKey === rollback.commandKey);
  switch (event.type) {
    case 'TransferCompleted':
      return ours(event.taskId, event.commandKey)
        ? { kind: 'transfer-complete', faultCode: event.faultCode, faultString: event.faultString }
        : null;
    case 'TaskFailed':
      // A failure provisioning tries again (the read) is not the end.
      return ours(event.taskId, event.commandKey) && event.retryAt === undefined
        ? { kind: 'task-failed', code: event.fault.code, message: event.fault.message }
        : null;
    case 'TaskExpired':
      return ours(event.taskId, event.commandKey) ? { kind: 'task-expired' } : null;
    case 'DeviceBooted':
    case 'DeviceParametersChanged':
      return versionSignalOf(event);
    default:
      return null;
  }
}

/**
 * An event of a device whose rollback is under way: the read of its banks answered (route it),
 * or failed for want of banks (a downgrade), or another of its signals (the domain's verdict).
 */
export async function recordRollbackEvent(
  ports: RollbackPorts,
  campaign: Campaign,
  device: CampaignDevice,
  event: AcsEvent,
  now: Date,
  inFlight?: InFlightDevices,
): Promise<void> {
  const rolling = rollingOf(device);
  if (!rolling) return;
  const readTask = device.state === 'rollback-reading' ? rolling.rollback.taskIds?.[0] : undefined;
  if (readTask !== undefined && 'taskId' in event && event.taskId === readTask) {
    if (event.type === 'TaskCompleted')
      return routeRollback(ports, campaign, device, readValuesOf(event.result), now, inFlight);
    if (event.type === 'TaskFailed' && readFaultMeansNoBanks(event.fault.code))
      return routeRollback(ports, campaign, device, null, now, inFlight);
  }
  const signal = rollbackSignalOf(event, device);
  if (signal) await moveRollbackOnSignal(ports, device, signal, now, inFlight);
}
