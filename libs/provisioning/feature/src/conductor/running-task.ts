import type { Task, TaskType } from '@acs/contracts';
import type { TaskStore } from '@acs/provisioning-data-access';

/**
 * The device's running task of this kind that a CommandKey names: by task id (the CommandKey the
 * platform sends when the operator gave none), else by the operator's own key. How a CPE's later
 * report (TransferComplete, DUStateChangeComplete) or a CancelTransfer finds its task.
 */
export async function runningTaskByCommandKey(
  tasks: TaskStore,
  deviceId: string,
  commandKey: string,
  kind: TaskType | ((task: Task) => boolean),
): Promise<Task | null> {
  const ofKind = typeof kind === 'string' ? (task: Task) => task.type === kind : kind;
  const byId = commandKey ? await tasks.get(commandKey) : null;
  if (byId && byId.deviceId === deviceId && byId.status === 'running' && ofKind(byId)) return byId;
  const { tasks: running } = await tasks.list({ deviceId, status: ['running'], limit: 100 });
  return (
    running.find(
      (task) => ofKind(task) && (task.payload as { commandKey?: string }).commandKey === commandKey,
    ) ?? null
  );
}
