import { DEFAULT_TASK_LIFETIME_SECONDS, type NewTask, type Task } from '@acs/contracts';
import type { NewStoredTask, TaskStore } from '@acs/provisioning-data-access';
import { requireDevices } from './devices';
import type { ConnectionRequestPort, DeviceLookup, UseCaseLog, WakeOutcome } from './ports';

export interface CreateTaskPorts {
  devices: DeviceLookup;
  /** Wrapped to mark pending work, so that the device's next session runs the task. */
  tasks: Pick<TaskStore, 'create'>;
  /** null: this process sends no connection requests (the flag is only stored). */
  connectionRequests: ConnectionRequestPort | null;
  log: UseCaseLog;
}

export interface CreatedTask {
  task: Task;
  /** How waking the device ended, when the task asked for it and this process sends them. */
  connectionRequest: WakeOutcome | null;
}

/**
 * Queues a task for a known device (DeviceNotFoundError otherwise), then wakes the device when
 * the task asks for a connection request: stored first, so that the session it starts finds it.
 * The task stays queued whatever the wake-up gives: a device that cannot be woken runs it at its
 * next inform, and a platform failure there (the rate limiter's Redis down) is logged and
 * reported as the outcome `error`.
 */
export class CreateTask {
  constructor(private readonly ports: CreateTaskPorts) {}

  async execute(input: { deviceId: string; task: NewTask }): Promise<CreatedTask> {
    const { deviceId, task } = input;
    await requireDevices(this.ports.devices, [deviceId]);
    const created = await this.ports.tasks.create({
      deviceId,
      type: task.type,
      payload: task.payload,
      expiresInSeconds: task.expiresInSeconds ?? DEFAULT_TASK_LIFETIME_SECONDS,
      connectionRequest: task.connectionRequest ?? false,
      ...(task.maxAttempts === undefined ? {} : { maxAttempts: task.maxAttempts }),
    } as NewStoredTask); // type and payload come from one validated variant of NewTask.
    const woken = created.connectionRequest ? await this.wake(created) : null;
    return { task: created, connectionRequest: woken };
  }

  private async wake(task: Task): Promise<WakeOutcome | null> {
    const { connectionRequests, log } = this.ports;
    if (!connectionRequests) return null;
    try {
      return await connectionRequests.wake(task.deviceId);
    } catch (error) {
      log.error('connection request for a new task failed', {
        deviceId: task.deviceId,
        taskId: task.id,
        error: error instanceof Error ? error.message : String(error),
      });
      return { outcome: 'error', method: null, detail: 'the platform could not send it' };
    }
  }
}
