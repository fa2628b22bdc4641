import { Connection, Model, Schema } from 'mongoose';
import type { TaskStatus } from '@acs/contracts';
import { isDuplicateKey, modelOn } from '@acs/persistence';

/** Statuses a task can still run from: what every session of its device asks for. */
export const OPEN_TASK_STATUSES: readonly TaskStatus[] = ['pending', 'running'];

export const isOpenStatus = (status: TaskStatus): boolean => OPEN_TASK_STATUSES.includes(status);

interface OpenTasksDocument {
  /** The device id. */
  _id: string;
  open: string[];
}

const openTasksSchema = new Schema<OpenTasksDocument>(
  { _id: { type: String, required: true }, open: { type: [String], required: true } },
  { versionKey: false, autoIndex: false, timestamps: false },
);

/**
 * The ids of each device's open tasks, one document per device keyed by its id. Every session of
 * a device with work lists its open tasks several times; as a condition on deviceId and status
 * that is a scan of every task of the fleet on FerretDB 1.24, which pushes down nothing but an
 * `_id` lookup. Through this index it is one lookup, and one per open task, on any server.
 *
 * The index may name more tasks than are open, never fewer, which is what lets it live beside the
 * tasks without a transaction:
 * - a task's id goes in before it is created, and again after any write that leaves it open (so
 *   that a concurrent removal cannot win);
 * - it comes out only after a write that closed the task, and the task is read again after the
 *   removal and its id put back if it has been opened meanwhile (a retry);
 * - readers check each task's status, and prune ids whose task is closed or gone the same way;
 * - a crash between two of these writes is repaired when a store opens (`rebuild`).
 */
export class MongoOpenTasks {
  private constructor(private readonly model: Model<OpenTasksDocument>) {}

  static on(connection: Connection): MongoOpenTasks {
    return new MongoOpenTasks(
      modelOn(connection, 'NbiOpenTasks', openTasksSchema, 'nbi_open_tasks'),
    );
  }

  /** The ids the device's index names, in the order tasks were created. */
  async ids(deviceId: string): Promise<string[]> {
    const document = await this.model.findById(deviceId).lean<OpenTasksDocument>();
    return [...(document?.open ?? [])].sort();
  }

  async add(deviceId: string, taskIds: readonly string[]): Promise<void> {
    if (taskIds.length === 0) return;
    const update = { $addToSet: { open: { $each: [...taskIds] } } };
    try {
      await this.model.updateOne({ _id: deviceId }, update, { upsert: true });
    } catch (error) {
      // Two upserts raced to create the device's document: the loser's is now an update.
      if (!isDuplicateKey(error)) throw error;
      await this.model.updateOne({ _id: deviceId }, update);
    }
  }

  /**
   * Takes out the ids of tasks that are closed or gone; `stillOpen` reads them again after the
   * removal, and the ones it returns go back in.
   */
  async remove(
    deviceId: string,
    taskIds: readonly string[],
    stillOpen: (taskIds: readonly string[]) => Promise<string[]>,
  ): Promise<void> {
    if (taskIds.length === 0) return;
    await this.model.updateOne({ _id: deviceId }, { $pullAll: { open: [...taskIds] } });
    await this.add(deviceId, await stillOpen(taskIds));
  }

  async dropDevice(deviceId: string): Promise<void> {
    await this.model.deleteOne({ _id: deviceId });
  }

  /** Puts in the ids of every open task (by device), as found by a scan of the tasks. */
  async rebuild(openTasks: ReadonlyArray<{ _id: string; deviceId: string }>): Promise<void> {
    const byDevice = new Map<string, string[]>();
    for (const { _id, deviceId } of openTasks) {
      const taskIds = byDevice.get(deviceId) ?? [];
      taskIds.push(_id);
      byDevice.set(deviceId, taskIds);
    }
    for (const [deviceId, taskIds] of byDevice) await this.add(deviceId, taskIds);
  }
}
