import type {
  DeviceLifecycleEvent,
  DevicePostureWorsened,
  PostureFinding,
  SessionEvent,
} from '@acs/contracts';
import type { DeviceStore, DeviceUpdate } from '@acs/device-store';
import { lifecycleEventId, type KnownDevice } from '@acs/inventory-domain';
import {
  assessPosture,
  concernsPosture,
  factsAfterLearning,
  postureTagChanges,
  postureWorsening,
  samePosture,
} from '@acs/inventory-posture';
import type { InventoryLog } from './inventory-log';

/** The tags a device's posture asks for, set once the batch's updates are stored. */
export interface PostureTags {
  deviceId: string;
  add: string[];
  remove: string[];
}

/** What one device's batch does to its posture. */
export interface PostureOutcome {
  lifecycle: DeviceLifecycleEvent[];
  tags: PostureTags | null;
}

const NOTHING: PostureOutcome = { lifecycle: [], tags: null };

/**
 * Inventory's side of the security posture: after a device's events are learned (and before
 * secrets are sealed for the store, so credentials compare in plaintext), assess the posture
 * again when the batch can change it, put changed findings on the batch's last update, say when
 * it got worse (`DevicePostureWorsened` on acs.events), and keep the `posture:<id>` tags in step.
 *
 * Tags are set apart from the batch (the store's tag write), after it: should that fail or the
 * process stop in between, the next assessment of the device, at its next session at the
 * latest, compares with the tags it holds and sets them again.
 */
export class DevicePosture {
  constructor(private readonly log: InventoryLog) {}

  assess(
    known: KnownDevice | null,
    events: readonly SessionEvent[],
    updates: DeviceUpdate[],
  ): PostureOutcome {
    const last = updates[updates.length - 1];
    if (!last || !concernsPosture(events, updates)) return NOTHING;
    const before = known?.posture ?? [];
    const after = assessPosture(factsAfterLearning(known, events, updates));
    // A device the store does not hold gets its posture only with the update creating it.
    if (!known && !updates.some((update) => update.upsert)) return NOTHING;
    if (!samePosture(before, after)) last.posture = after;
    const changes = postureTagChanges(known?.tags ?? [], after);
    const tags =
      changes.add.length + changes.remove.length > 0
        ? { deviceId: last.deviceId, ...changes }
        : null;
    const worsened = postureWorsening(before, after);
    if (worsened.length === 0) return { lifecycle: [], tags };
    return { lifecycle: [worsenedEvent(last, worsened, after)], tags };
  }

  /** Sets the tags the batch's assessments ask for (each device's in one store write). */
  async applyTags(store: Pick<DeviceStore, 'updateTags'>, tags: readonly PostureTags[]) {
    for (const { deviceId, add, remove } of tags) {
      try {
        await store.updateTags({ deviceId }, add, remove);
      } catch (error) {
        // A device at its tag limit keeps its findings on the device without the tags.
        this.log.warn('posture tags not set', { deviceId, add, remove, error });
      }
    }
  }
}

function worsenedEvent(
  source: DeviceUpdate,
  worsened: PostureFinding[],
  findings: PostureFinding[],
): DevicePostureWorsened {
  return {
    schemaVersion: 1,
    eventId: lifecycleEventId(source.eventId, 'DevicePostureWorsened'),
    deviceId: source.deviceId,
    occurredAt: source.occurredAt,
    sourceEventId: source.eventId,
    type: 'DevicePostureWorsened',
    worsened,
    findings,
  };
}
