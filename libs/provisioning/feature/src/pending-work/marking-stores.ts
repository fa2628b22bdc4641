import type { DeviceFilter, DeviceReads } from '@acs/device-store';
import type { InventoryWrites } from '@acs/inventory-writes';
import type { NewStoredTask, TaskStore } from '@acs/provisioning-data-access';
import type { SubscriberRecord } from '@acs/contracts';
import type { SubscriberStore } from '@acs/provisioning-data-access';
import type { PendingWorkMarker } from '@acs/provisioning-progress-store';

/**
 * Stores that keep the pending-work marker consistent: whatever may give a device work (a task
 * queued or retried, its tags changed, its subscriber data loaded) marks it dirty right after the
 * write, so that its next periodic inform takes the slow path and finds the work. Every writer
 * (operator API, OSS/BSS commands, provisioning itself) goes through these.
 */
export function taskStoreMarkingWork(tasks: TaskStore, marker: PendingWorkMarker): TaskStore {
  return overriding(tasks, {
    create: async (task: NewStoredTask) => {
      const created = await tasks.create(task);
      await marker.markDirty([created.deviceId]);
      return created;
    },
    retry: async (id: string, expiresInSeconds: number) => {
      const outcome = await tasks.retry(id, expiresInSeconds);
      if (outcome.outcome === 'updated') await marker.markDirty([outcome.task.deviceId]);
      return outcome;
    },
  });
}

/** Devices whose tags change are marked dirty (presets may filter on tags). */
export function inventoryWritesMarkingWork(
  inventory: InventoryWrites,
  devices: DeviceReads,
  marker: PendingWorkMarker,
): InventoryWrites {
  return overriding(inventory, {
    changeTags: async (filter: DeviceFilter, add: string[], remove: string[]) => {
      // Read before the change: removing the very tag filtered on leaves nothing to find after.
      const ids = await matchingIds(devices, filter);
      const matched = await inventory.changeTags(filter, add, remove);
      await marker.markDirty(ids);
      return matched;
    },
  });
}

/** Loading subscriber data marks the devices it names (by id; serial-only records wait for first contact). */
export function subscriberStoreMarkingWork(
  subscribers: SubscriberStore,
  marker: PendingWorkMarker,
): SubscriberStore {
  return overriding(subscribers, {
    upsert: async (records: SubscriberRecord[]) => {
      const count = await subscribers.upsert(records);
      const ids = records.flatMap((record) => (record.deviceId ? [record.deviceId] : []));
      await marker.markDirty(ids);
      return count;
    },
  });
}

/** `target` with some methods replaced; every other member is the target's own (methods bound). */
function overriding<T extends object>(target: T, overrides: Partial<T>): T {
  return new Proxy(target, {
    get(wrapped, property, receiver) {
      if (Object.hasOwn(overrides, property)) return overrides[property as keyof T];
      const value: unknown = Reflect.get(wrapped, property, receiver);
      return typeof value === 'function' ? value.bind(wrapped) : value;
    },
  });
}

async function matchingIds(devices: DeviceReads, filter: DeviceFilter): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await devices.find({
      filter,
      projection: ['deviceId'],
      limit: 10_000,
      ...(cursor ? { cursor } : {}),
    });
    ids.push(...page.devices.map((device) => device.deviceId));
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}
