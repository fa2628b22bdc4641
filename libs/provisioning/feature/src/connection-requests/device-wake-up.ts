import { randomUUID } from 'node:crypto';
import type { ConnectionRequestOutcome, ConnectionRequestTarget } from '@acs/connection-request';
import type { DeviceReads } from '@acs/device-store';
import type { InventoryWrites } from '@acs/inventory-writes';
import type { ConnectionRequestPort } from '../commands/command-ports';
import type { ProvisioningLog } from '../ports';

/** How waking one device ended: the connection-request outcome, or a device nobody knows. */
export type WakeOutcome =
  | ConnectionRequestOutcome
  | { outcome: 'unknown-device'; method: null; detail: string };

/** The connection-request service as DeviceWakeUp uses it (ConnectionRequestService). */
export interface ConnectionRequester {
  execute(target: ConnectionRequestTarget): Promise<ConnectionRequestOutcome>;
}

export interface DeviceWakeUpDependencies {
  devices: DeviceReads;
  inventory: InventoryWrites;
  requester: ConnectionRequester;
  log: ProvisioningLog;
  now?: () => Date;
}

/** The device event kind every wake-up is recorded under. */
export const CONNECTION_REQUEST_EVENT = 'connection-request';

/**
 * Wakes one device: reads how to reach it (what inventory learnt from its Informs and answers),
 * sends the connection request, and records the outcome as a device event, so that the device's
 * history shows who asked it to open a session and whether that reached it. Device-side failures
 * are outcomes; a store that cannot be read or a rate limiter that cannot be asked throws.
 */
export class DeviceWakeUp implements ConnectionRequestPort {
  private readonly now: () => Date;

  constructor(private readonly dependencies: DeviceWakeUpDependencies) {
    this.now = dependencies.now ?? (() => new Date());
  }

  /** `reason` is kept with the recorded event (`api`, `command`, `preset:<id>`). */
  async wake(deviceId: string, reason = 'api'): Promise<WakeOutcome> {
    const page = await this.dependencies.devices.find({
      filter: { deviceId },
      projection: ['deviceId', 'connectionRequest'],
      limit: 1,
    });
    const device = page.devices[0];
    if (!device) {
      return { outcome: 'unknown-device', method: null, detail: `no device ${deviceId}` };
    }
    const outcome = await this.dependencies.requester.execute({
      deviceId,
      ...device.connectionRequest,
    });
    await this.record(deviceId, outcome, reason);
    return outcome;
  }

  /**
   * The request has gone out (or was refused) whatever happens here: a lost record is logged,
   * not turned into a failed wake-up.
   */
  private async record(
    deviceId: string,
    outcome: ConnectionRequestOutcome,
    reason: string,
  ): Promise<void> {
    const eventId = `cr-${randomUUID()}`;
    const occurredAt = this.now().toISOString();
    const detail = { reason, ...outcome };
    this.dependencies.log.info('connection request', { deviceId, ...detail });
    try {
      await this.dependencies.inventory.recordEvent({
        eventId,
        deviceId,
        occurredAt,
        kind: CONNECTION_REQUEST_EVENT,
        detail,
      });
    } catch (error) {
      this.dependencies.log.error('connection request outcome not recorded', {
        deviceId,
        outcome: outcome.outcome,
        error: String(error),
      });
    }
  }
}
