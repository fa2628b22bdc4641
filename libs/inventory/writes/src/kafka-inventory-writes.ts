import { randomUUID } from 'node:crypto';
import { TOPICS, type DeviceChange } from '@acs/contracts';
import {
  changedTags,
  MAX_TAGS_PER_DEVICE,
  tooManyTags,
  validateTagChange,
  type DeviceEventRecord,
  type DeviceFault,
  type DeviceFilter,
  type DeviceReads,
} from '@acs/device-store';
import type { EventPublisher } from '@acs/event-bus';
import type { InventoryWrites } from './inventory-writes';

/** Devices read, and changes published, per round of a filtered tag change. */
const PAGE = 1_000;

/**
 * The scaled topology's InventoryWrites: each change goes on `cwmp.device-changes`, keyed by the
 * device, for inventory to apply; the call resolves once Kafka holds it (acks from every in-sync
 * replica), so nothing it answered for is lost. What the caller is told (how many devices matched,
 * whether the fault or device existed, whether a tag change is allowed) is decided here from a
 * read of the store, as the store itself would decide it.
 */
export class KafkaInventoryWrites implements InventoryWrites {
  constructor(
    private readonly publisher: EventPublisher,
    private readonly devices: DeviceReads,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async changeTags(filter: DeviceFilter, add: string[], remove: string[]): Promise<number> {
    validateTagChange(add, remove);
    // All or nothing, as the store does it: every match is checked before any change goes out.
    const matched: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.devices.find({
        filter,
        projection: ['deviceId', 'tags'],
        limit: PAGE,
        ...(cursor === undefined ? {} : { cursor }),
      });
      for (const device of page.devices) {
        if (changedTags(device.tags ?? [], add, remove).length > MAX_TAGS_PER_DEVICE)
          throw tooManyTags(device.deviceId);
        matched.push(device.deviceId);
      }
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    for (let start = 0; start < matched.length; start += PAGE) {
      await Promise.all(
        matched.slice(start, start + PAGE).map((deviceId) =>
          this.publish({
            ...this.base(deviceId, randomUUID()),
            type: 'TagsChanged',
            add,
            remove,
          }),
        ),
      );
    }
    return matched.length;
  }

  recordFault(fault: Omit<DeviceFault, 'count'>): Promise<void> {
    return this.publish({
      schemaVersion: 1,
      changeId: fault.faultId,
      deviceId: fault.deviceId,
      occurredAt: fault.occurredAt,
      type: 'FaultRecorded',
      code: fault.code,
      message: fault.message,
      source: fault.source,
    });
  }

  recordEvent(event: DeviceEventRecord): Promise<void> {
    return this.publish({
      schemaVersion: 1,
      changeId: event.eventId,
      deviceId: event.deviceId,
      occurredAt: event.occurredAt,
      type: 'EventRecorded',
      kind: event.kind,
      detail: event.detail,
    });
  }

  async clearFault(faultId: string): Promise<boolean> {
    const fault = await this.devices.fault(faultId);
    if (!fault) return false;
    await this.publish({
      ...this.base(fault.deviceId, randomUUID()),
      type: 'FaultCleared',
      faultId,
    });
    return true;
  }

  async deleteDevice(deviceId: string): Promise<boolean> {
    const found = await this.devices.find({
      filter: { deviceId },
      projection: ['deviceId'],
      limit: 1,
    });
    if (found.devices.length === 0) return false;
    await this.publish({ ...this.base(deviceId, randomUUID()), type: 'DeviceDeleted' });
    return true;
  }

  private base(deviceId: string, changeId: string) {
    return {
      schemaVersion: 1 as const,
      changeId,
      deviceId,
      occurredAt: this.now().toISOString(),
    };
  }

  private publish(change: DeviceChange): Promise<void> {
    return this.publisher.publish({
      topic: TOPICS.deviceChanges,
      key: change.deviceId,
      value: JSON.stringify(change),
    });
  }
}
