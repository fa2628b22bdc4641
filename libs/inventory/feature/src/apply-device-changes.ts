import { validateDeviceChange, type DeviceChange } from '@acs/contracts';
import { InvalidTagsError } from '@acs/device-store';
import type { ConsumedMessage } from '@acs/event-bus';
import type { InventoryWrites } from '@acs/inventory-writes';
import type { InventoryLog } from './inventory-log';
import type { WriteLock } from './write-lock';

export interface DeviceChangesReport {
  received: number;
  applied: number;
  /** Not JSON or not a valid change: logged and skipped. */
  invalid: number;
  /** Valid, but the store refused it (a tag change that became too big meanwhile): logged. */
  refused: number;
}

/**
 * The ApplyDeviceChanges use case: one consumed batch of `cwmp.device-changes`, the changes the
 * other contexts ask of inventory, applied in order through the owner's writes and under the
 * same write lock as the session events. A redelivered batch changes nothing more: faults and
 * events are stored once per changeId, and tags and deletes applied again end the same.
 */
export class ApplyDeviceChanges {
  constructor(
    private readonly writes: InventoryWrites,
    private readonly lock: WriteLock,
    private readonly log: InventoryLog,
  ) {}

  handle(messages: readonly ConsumedMessage[]): Promise<DeviceChangesReport> {
    return this.lock.run(() => this.apply(messages));
  }

  private async apply(messages: readonly ConsumedMessage[]): Promise<DeviceChangesReport> {
    const report: DeviceChangesReport = {
      received: messages.length,
      applied: 0,
      invalid: 0,
      refused: 0,
    };
    for (const message of messages) {
      const change = this.parse(message);
      if (!change) {
        report.invalid++;
        continue;
      }
      try {
        await this.execute(change);
        report.applied++;
      } catch (error) {
        if (!(error instanceof InvalidTagsError)) throw error;
        report.refused++;
        this.log.warn('device change refused', {
          deviceId: change.deviceId,
          changeId: change.changeId,
          error: error.message,
        });
      }
    }
    return report;
  }

  private async execute(change: DeviceChange): Promise<void> {
    const { deviceId, occurredAt } = change;
    switch (change.type) {
      case 'TagsChanged':
        await this.writes.changeTags({ deviceId }, change.add, change.remove);
        return;
      case 'FaultRecorded': {
        const { code, message, source } = change;
        const fault = { faultId: change.changeId, deviceId, occurredAt, code, message, source };
        await this.writes.recordFault(fault);
        return;
      }
      case 'EventRecorded': {
        const { kind, detail } = change;
        await this.writes.recordEvent({
          eventId: change.changeId,
          deviceId,
          occurredAt,
          kind,
          detail,
        });
        return;
      }
      case 'FaultCleared':
        await this.writes.clearFault(change.faultId);
        return;
      case 'DeviceDeleted':
        await this.writes.deleteDevice(deviceId);
        return;
    }
  }

  private parse(message: ConsumedMessage): DeviceChange | null {
    let value: unknown;
    try {
      value = message.value === null ? null : JSON.parse(message.value);
    } catch {
      value = undefined;
    }
    const result = validateDeviceChange(value);
    if (result.ok) return result.value;
    this.log.warn('device change skipped: not a valid change', {
      partition: message.partition,
      offset: message.offset,
      errors: result.errors,
    });
    return null;
  }
}
