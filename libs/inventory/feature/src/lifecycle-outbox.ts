import { TOPICS, validateDeviceLifecycleEvent, type DeviceLifecycleEvent } from '@acs/contracts';
import type { DeviceEventRecord, DeviceUpdate } from '@acs/device-store';
import type { EventPublisher } from '@acs/event-bus';
import type { InventoryLog } from './inventory-log';

/**
 * Lifecycle events ride along in the store: each session event's record (its entry among the
 * device's recent events) keeps the lifecycle events learned from it, written in the same
 * `applyBatch` as the change itself. If the process dies after the write and before the publish,
 * the redelivered session event finds its record and its lifecycle events are published from
 * there, unchanged and with the same ids, instead of being lost (re-learning would find nothing
 * new, the store having changed already). It also shows operators what was announced.
 */
const LIFECYCLE_FIELD = 'lifecycle';

export function recordLifecycle(update: DeviceUpdate, lifecycle: DeviceLifecycleEvent[]): void {
  const record = update.addEvents?.find((event) => event.eventId === update.eventId);
  if (record && lifecycle.length > 0) record.detail[LIFECYCLE_FIELD] = lifecycle;
}

/** The lifecycle events a stored record kept; one that does not pass the schema is logged and dropped. */
export function recordedLifecycle(
  record: DeviceEventRecord,
  log: InventoryLog,
): DeviceLifecycleEvent[] {
  const kept = record.detail[LIFECYCLE_FIELD];
  if (!Array.isArray(kept)) return [];
  return kept.flatMap((event: unknown) => {
    const checked = validateDeviceLifecycleEvent(event);
    if (checked.ok) return [checked.value];
    log.error('recorded lifecycle event does not pass its schema; not published again', {
      deviceId: record.deviceId,
      sourceEventId: record.eventId,
      errors: checked.errors,
    });
    return [];
  });
}

/** Publishes lifecycle events to `acs.events`, keyed by device, each checked against its schema. */
export class LifecyclePublisher {
  constructor(
    private readonly publisher: EventPublisher,
    private readonly log: InventoryLog,
    private readonly topic: string = TOPICS.events,
  ) {}

  /** Resolves once every event is durable; rejects if any is not (the caller redelivers). */
  async publish(events: readonly DeviceLifecycleEvent[]): Promise<number> {
    const valid = events.filter((event) => {
      const checked = validateDeviceLifecycleEvent(event);
      if (!checked.ok)
        this.log.error('lifecycle event does not pass its schema; not published', {
          deviceId: event.deviceId,
          eventId: event.eventId,
          errors: checked.errors,
        });
      return checked.ok;
    });
    // Issued in order: a device's events keep their order on its partition.
    await Promise.all(
      valid.map((event) =>
        this.publisher.publish({
          topic: this.topic,
          key: event.deviceId,
          value: JSON.stringify(event),
        }),
      ),
    );
    return valid.length;
  }
}
