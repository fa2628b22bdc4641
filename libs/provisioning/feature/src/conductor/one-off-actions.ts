import { DEFAULT_TASK_LIFETIME_SECONDS } from '@acs/contracts';
import type { InventoryWrites } from '@acs/inventory-writes';
import type { NewStoredTask, TaskStore } from '@acs/provisioning-data-access';
import type { PendingAction } from '@acs/provisioning-domain';

/** The tag that records a one-off action as queued on a device (removing it re-arms the action). */
export function actionTag(action: PendingAction): string {
  return `action:${action.action.id}@${action.source}`.slice(0, 128);
}

/**
 * Queues a configuration's one-off actions (reboot, factory reset, download) as tasks, once per
 * device: the tag goes on first, then the task, so a crash between the two loses the action
 * rather than running it twice (a reboot or reset run twice is worse than one an operator re-arms).
 * Returns the tags of the actions queued, for the session's view until inventory has them.
 */
export async function queueOneOffActions(
  deviceId: string,
  tags: readonly string[],
  actions: readonly PendingAction[],
  stores: { inventory: InventoryWrites; tasks: TaskStore },
): Promise<string[]> {
  const queued: string[] = [];
  for (const action of actions) {
    const tag = actionTag(action);
    if (tags.includes(tag)) continue;
    const task = taskOf(deviceId, action);
    if (!task) continue;
    await stores.inventory.changeTags({ deviceId }, [tag], []);
    await stores.tasks.create(task);
    queued.push(tag);
  }
  return queued;
}

function taskOf(deviceId: string, pending: PendingAction): NewStoredTask | null {
  const common = {
    deviceId,
    connectionRequest: false,
    expiresInSeconds: DEFAULT_TASK_LIFETIME_SECONDS,
  };
  switch (pending.action.type) {
    case 'reboot':
      return { ...common, type: 'reboot', payload: {} };
    case 'factoryReset':
      return { ...common, type: 'factoryReset', payload: {} };
    case 'download':
      return { ...common, type: 'download', payload: pending.action.payload };
    default:
      return null;
  }
}
