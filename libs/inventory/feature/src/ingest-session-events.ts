import { validateSessionEvent, type DeviceLifecycleEvent, type SessionEvent } from '@acs/contracts';
import type { DeviceStore, DeviceUpdate } from '@acs/device-store';
import type { ConsumedMessage } from '@acs/event-bus';
import { learnInOrder, parametersToKnow, type KnownDevice } from '@acs/inventory-domain';
import { posturePaths } from '@acs/inventory-posture';
import type { DevicePosture, PostureTags } from './device-posture';
import type { InventoryLog } from './inventory-log';
import type { InventorySettings } from './inventory-settings';
import { loadKnownDevices } from './known-devices';
import { recordedLifecycle, recordLifecycle, type LifecyclePublisher } from './lifecycle-outbox';
import { mapBounded } from '@acs/event-bus';
import type { SecretValues } from './secret-values';
import type { WriteLock } from './write-lock';

export interface IngestReport {
  received: number;
  /** Not JSON, or not a valid session event: logged and skipped. */
  invalid: number;
  /** Events whose record the store already holds (a redelivery): not learned again. */
  alreadyApplied: number;
  /** Events that could not be learned (a bug): logged and skipped so the partition moves on. */
  failed: number;
  applied: number;
  /** Updates the store itself recognized as applied before. */
  duplicates: number;
  published: number;
}

interface DevicePlan {
  updates: DeviceUpdate[];
  lifecycle: DeviceLifecycleEvent[];
  alreadyApplied: number;
  failed: number;
  tags?: PostureTags;
}

/**
 * The IngestSessionEvents use case: one consumed batch of `cwmp.session-events` into the device
 * store, then the lifecycle events it yields onto `acs.events`.
 *
 * One store query reads what the batch's events need to know of their devices (summaries and
 * the parameters they touch), one more which of the events the store applied already. Then per
 * device, in order: set aside those (their recorded lifecycle events, read only for such a device,
 * are published again; see lifecycle-outbox.ts), learn the rest
 * one after the other, then write every device's updates in one `applyBatch`. Only then are the
 * lifecycle events published, so a consumer of `acs.events` that reads the device finds what the
 * event says. The returned promise resolves once both are durable; the consumer commits only
 * then, and redelivers the batch otherwise. Idempotent by event id throughout.
 */
export class IngestSessionEvents {
  constructor(
    private readonly store: DeviceStore,
    private readonly lifecycle: LifecyclePublisher,
    private readonly lock: WriteLock,
    private readonly log: InventoryLog,
    private readonly settings: Pick<InventorySettings, 'online' | 'readConcurrency'>,
    private readonly secrets: SecretValues,
    private readonly posture: DevicePosture,
  ) {}

  handle(messages: readonly ConsumedMessage[]): Promise<IngestReport> {
    return this.lock.run(() => this.ingest(messages));
  }

  private async ingest(messages: readonly ConsumedMessage[]): Promise<IngestReport> {
    const events = this.validEvents(messages);
    const byDevice = new Map<string, SessionEvent[]>();
    // The security posture reads a few values of every device whose batch it assesses.
    const paths = new Set<string>(posturePaths(null));
    for (const event of events) {
      for (const path of parametersToKnow(event)) paths.add(path);
      const list = byDevice.get(event.deviceId) ?? [];
      list.push(event);
      byDevice.set(event.deviceId, list);
    }
    const known = await loadKnownDevices(this.store, [...byDevice.keys()], paths);
    this.secrets.openKnown(known);
    const applied = await this.store.appliedEvents(events.filter((e) => known.has(e.deviceId)));
    const plans = await mapBounded([...byDevice], this.settings.readConcurrency, ([id, list]) =>
      this.plan(id, list, known.get(id) ?? null, applied),
    );
    const updates = plans.flatMap((plan) => plan.updates);
    const written = updates.length > 0 ? await this.store.applyBatch(updates) : undefined;
    await this.posture.applyTags(
      this.store,
      plans.flatMap((plan) => (plan.tags ? [plan.tags] : [])),
    );
    const published = await this.lifecycle.publish(plans.flatMap((plan) => plan.lifecycle));
    return {
      received: messages.length,
      invalid: messages.length - events.length,
      alreadyApplied: sum(plans, (plan) => plan.alreadyApplied),
      failed: sum(plans, (plan) => plan.failed),
      applied: written?.applied ?? 0,
      duplicates: written?.duplicates ?? 0,
      published,
    };
  }

  private validEvents(messages: readonly ConsumedMessage[]): SessionEvent[] {
    return messages.flatMap((message) => {
      const where = { topic: message.topic, partition: message.partition, offset: message.offset };
      if (message.value === null) {
        this.log.warn('session event without a value skipped', where);
        return [];
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(message.value);
      } catch (error) {
        this.log.warn('session event that is not JSON skipped', { ...where, error });
        return [];
      }
      const checked = validateSessionEvent(parsed);
      if (checked.ok) return [checked.value];
      this.log.warn('invalid session event skipped', { ...where, errors: checked.errors });
      return [];
    });
  }

  private async plan(
    deviceId: string,
    events: SessionEvent[],
    known: KnownDevice | null,
    applied: ReadonlySet<string>,
  ): Promise<DevicePlan> {
    // Only a device with a redelivered event has records to read (most batches have none).
    // Redelivered events are the newest the store holds for the device; a margin covers
    // gateway clocks that disagree a little on the order of occurredAt.
    const redelivered = events.some((event) => applied.has(event.eventId));
    const recent = redelivered ? await this.store.recentEvents(deviceId, events.length + 20) : [];
    const records = new Map(recent.map((record) => [record.eventId, record]));

    const lifecycle: DeviceLifecycleEvent[] = [];
    const toLearn: SessionEvent[] = [];
    for (const event of events) {
      const record = applied.has(event.eventId) ? records.get(event.eventId) : undefined;
      if (record) lifecycle.push(...recordedLifecycle(record, this.log));
      else toLearn.push(event);
    }
    const alreadyApplied = events.length - toLearn.length;
    if (toLearn.length === 0) return { updates: [], lifecycle, alreadyApplied, failed: 0 };

    let steps;
    try {
      steps = learnInOrder(toLearn, known, this.settings.online).steps;
    } catch (error) {
      // Valid events that cannot be learned are a bug here, not the device's fault; stopping the
      // partition over them would stop inventory for every device behind this one.
      this.log.error('session events could not be learned; skipped', {
        deviceId,
        eventIds: toLearn.map((event) => event.eventId),
        error,
      });
      return { updates: [], lifecycle, alreadyApplied, failed: toLearn.length };
    }
    const learned = steps.flatMap((step) => (step.update ? [step.update] : []));
    const posture = this.posture.assess(known, toLearn, learned);
    // Recorded with the last update, like the lifecycle events learned from its event.
    const lastStep = [...steps].reverse().find((step) => step.update);
    lastStep?.lifecycle.push(...posture.lifecycle);
    const updates: DeviceUpdate[] = [];
    for (const step of steps) {
      // Secret values leave learning sealed for the store and masked for acs.events.
      const masked = this.secrets.maskLifecycle(step.lifecycle);
      lifecycle.push(...masked);
      if (!step.update) continue;
      this.secrets.sealUpdate(step.update);
      recordLifecycle(step.update, masked);
      updates.push(step.update);
    }
    return {
      updates,
      lifecycle,
      alreadyApplied,
      failed: 0,
      ...(posture.tags ? { tags: posture.tags } : {}),
    };
  }
}

function sum<T>(items: readonly T[], of: (item: T) => number): number {
  return items.reduce((total, item) => total + of(item), 0);
}
