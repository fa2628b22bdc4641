import { randomUUID } from 'node:crypto';
import type { ConnectionRequestOutcome, ConnectionRequestTarget } from '@acs/connection-request';
import type { DeviceReads, ProjectedDevice } from '@acs/device-store';
import type { InventoryWrites } from '@acs/inventory-writes';
import type { ConnectionRequestPort } from '../commands/command-ports';
import type { ProvisioningLog } from '../ports';
import { HeldBackWakeUps, type HeldBackAttemptResult } from './held-back-wake-ups';

/**
 * How waking one device ended: the connection-request outcome, or a device nobody knows. A
 * request a rate limit refused is held back and sent when the limit allows: `retryAt` says when.
 */
export type WakeOutcome =
  | (ConnectionRequestOutcome & { retryAt?: string })
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
 * history shows who asked it to open a session and whether that reached it. A request a rate
 * limit refuses is held back and sent when the limit allows, unless the device opens a session
 * meanwhile (HeldBackWakeUps). Device-side failures are outcomes; a store that cannot be read or a
 * rate limiter that cannot be asked throws.
 */
export class DeviceWakeUp implements ConnectionRequestPort {
  private readonly now: () => Date;
  private readonly heldBack: HeldBackWakeUps;

  constructor(private readonly dependencies: DeviceWakeUpDependencies) {
    this.now = dependencies.now ?? (() => new Date());
    this.heldBack = new HeldBackWakeUps(
      (deviceId, reason, heldAt) => this.sendHeldBack(deviceId, reason, heldAt),
      dependencies.log,
      () => this.now().getTime(),
    );
  }

  /** `reason` is kept with the recorded event (`api`, `command`, `preset:<id>`). */
  async wake(deviceId: string, reason = 'api'): Promise<WakeOutcome> {
    const device = await this.target(deviceId);
    if (!device) return unknownDevice(deviceId);
    const outcome = await this.send(device, reason);
    if (outcome.outcome === 'ok' || outcome.outcome === 'sent') this.heldBack.cancel(deviceId);
    if (outcome.outcome !== 'rate-limited') return outcome;
    const dueAt = this.heldBack.hold(deviceId, reason, outcome.retryAfterMs ?? 1000);
    return { ...outcome, retryAt: new Date(dueAt).toISOString() };
  }

  /** Requests held back by a rate limit, waiting to be sent. */
  get heldBackCount(): number {
    return this.heldBack.size;
  }

  /** Drops the requests held back (the process is stopping). */
  stop(): void {
    this.heldBack.stop();
  }

  /** A held-back request whose time came: not sent to a device that opened a session since. */
  private async sendHeldBack(
    deviceId: string,
    reason: string,
    heldAt: number,
  ): Promise<HeldBackAttemptResult> {
    const device = await this.target(deviceId);
    if (!device) return unknownDevice(deviceId);
    if (device.lastInform !== undefined && Date.parse(device.lastInform) >= heldAt) {
      return 'session-opened';
    }
    return this.send(device, `${reason}, held back`);
  }

  private async target(deviceId: string) {
    const page = await this.dependencies.devices.find({
      filter: { deviceId },
      projection: ['deviceId', 'connectionRequest', 'lastInform'],
      limit: 1,
    });
    return page.devices[0];
  }

  private async send(
    device: Pick<ProjectedDevice, 'deviceId' | 'connectionRequest'>,
    reason: string,
  ): Promise<ConnectionRequestOutcome> {
    const outcome = await this.dependencies.requester.execute({
      deviceId: device.deviceId,
      ...device.connectionRequest,
    });
    await this.record(device.deviceId, outcome, reason);
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

function unknownDevice(deviceId: string): WakeOutcome {
  return { outcome: 'unknown-device', method: null, detail: `no device ${deviceId}` };
}
