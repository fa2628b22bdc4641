import { Connection, Model, Schema } from 'mongoose';
import type { Task, TaskStatus } from '@acs/contracts';
import { findEachById, modelOn, timeOrderedId, type StoreClock } from '@acs/persistence';
import { isOpenStatus, MongoOpenTasks, OPEN_TASK_STATUSES } from './mongo-open-tasks';
import {
  secondsAfter,
  NewStoredTask,
  RETRYABLE_TASK_STATUSES,
  TaskChange,
  TaskDeleteOutcome,
  TaskPage,
  TaskQuery,
  TaskStore,
  TaskUpdateOutcome,
} from './task-store';

type TaskDocument = Omit<Task, 'id' | 'payload'> & { _id: string; payload: unknown };

const taskSchema = new Schema<TaskDocument>(
  {
    _id: { type: String, required: true },
    deviceId: { type: String, required: true },
    type: { type: String, required: true },
    payload: { type: Schema.Types.Mixed, required: true },
    status: { type: String, required: true },
    attempts: { type: Number, required: true },
    createdAt: { type: String, required: true },
    updatedAt: { type: String, required: true },
    expiresAt: { type: String, required: true },
    connectionRequest: { type: Boolean, required: true },
    maxAttempts: { type: Number },
    result: { type: Schema.Types.Mixed },
    fault: { type: Schema.Types.Mixed },
  },
  // minimize off: an empty payload ({} for factoryReset) must be stored, not dropped.
  { versionKey: false, minimize: false, autoIndex: false, timestamps: false },
);
taskSchema.index({ deviceId: 1, status: 1, _id: 1 });
taskSchema.index({ status: 1, _id: 1 });
taskSchema.index({ status: 1, expiresAt: 1 });

/** Whether a stored task belongs in the device's open-task index. */
function openOnDevice(task: Pick<TaskDocument, 'deviceId' | 'status'>, deviceId: string): boolean {
  return task.deviceId === deviceId && isOpenStatus(task.status);
}

function taskOf(document: TaskDocument): Task {
  const { _id, ...fields } = document;
  return { id: _id, ...fields } as Task;
}

/**
 * TaskStore on MongoDB through mongoose; ids are the time-ordered `_id` strings. A device's open
 * tasks are listed through MongoOpenTasks, by `_id` alone; other listings are queries.
 */
export class MongoTaskStore implements TaskStore {
  private readonly now: () => Date;

  private constructor(
    private readonly model: Model<TaskDocument>,
    private readonly openTasks: MongoOpenTasks,
    options: StoreClock,
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Binds the store to the connection, makes sure its indexes exist, and puts every open task in
   * the open-task index (repairing what a crash between two writes left out).
   */
  static async open(connection: Connection, options: StoreClock = {}): Promise<MongoTaskStore> {
    const model = modelOn(connection, 'NbiTask', taskSchema, 'nbi_tasks');
    await model.createIndexes();
    const openTasks = MongoOpenTasks.on(connection);
    await openTasks.rebuild(
      await model
        .find({ status: { $in: OPEN_TASK_STATUSES } }, { deviceId: 1 })
        .lean<Array<{ _id: string; deviceId: string }>>(),
    );
    return new MongoTaskStore(model, openTasks, options);
  }

  async create(input: NewStoredTask): Promise<Task> {
    const now = this.now();
    const at = now.toISOString();
    const { expiresInSeconds, ...fields } = input;
    const task = {
      ...fields,
      id: timeOrderedId(now),
      status: 'pending',
      attempts: 0,
      createdAt: at,
      updatedAt: at,
      expiresAt: secondsAfter(now, expiresInSeconds),
    } as Task;
    const { id, ...stored } = task;
    // In the index first: a crash after it leaves an id without a task, which readers skip.
    await this.openTasks.add(task.deviceId, [id]);
    await this.model.create({ _id: id, ...stored });
    await this.openTasks.add(task.deviceId, [id]);
    return task;
  }

  async get(id: string): Promise<Task | null> {
    const document = await this.model.findById(id).lean<TaskDocument>();
    return document ? taskOf(document) : null;
  }

  async list(query: TaskQuery): Promise<TaskPage> {
    const { deviceId, status } = query;
    if (deviceId !== undefined && status?.length && status.every(isOpenStatus)) {
      return this.listOpen(deviceId, status, query);
    }
    const filter: Record<string, unknown> = {};
    if (query.deviceId !== undefined) filter['deviceId'] = query.deviceId;
    if (query.status !== undefined) filter['status'] = { $in: query.status };
    const [documents, total] = await Promise.all([
      this.model
        .find(filter)
        .sort({ _id: 1 })
        .skip(query.skip ?? 0)
        .limit(query.limit)
        .lean<TaskDocument[]>(),
      this.model.countDocuments(filter),
    ]);
    return { tasks: documents.map(taskOf), total };
  }

  async update(
    id: string,
    change: TaskChange,
    onlyFrom?: TaskStatus[],
  ): Promise<TaskUpdateOutcome> {
    const set: Record<string, unknown> = {
      status: change.status,
      updatedAt: this.now().toISOString(),
    };
    if (change.result !== undefined) set['result'] = change.result;
    if (change.fault !== undefined) set['fault'] = change.fault;
    const update: Record<string, unknown> = { $set: set };
    if (change.countAttempt) update['$inc'] = { attempts: 1 };
    const outcome = await this.conditionally(id, onlyFrom, update);
    // Open before and after (a claim, a retryable failure): its id is in the index already.
    const stayedOpen = isOpenStatus(change.status) && onlyFrom?.every(isOpenStatus) === true;
    return stayedOpen ? outcome : this.indexed(outcome);
  }

  async retry(id: string, expiresInSeconds: number): Promise<TaskUpdateOutcome> {
    const now = this.now();
    const outcome = await this.conditionally(id, RETRYABLE_TASK_STATUSES, {
      $set: {
        status: 'pending',
        updatedAt: now.toISOString(),
        expiresAt: secondsAfter(now, expiresInSeconds),
      },
      $unset: { result: 1, fault: 1 },
    });
    return this.indexed(outcome);
  }

  /** The expired tasks' ids stay in the open-task index until a listing prunes them. */
  async expirePending(now: string): Promise<number> {
    const outcome = await this.model.updateMany(
      { status: 'pending', expiresAt: { $lte: now } },
      { $set: { status: 'expired', updatedAt: this.now().toISOString() } },
    );
    return outcome.modifiedCount;
  }

  async delete(id: string, unlessStatus: TaskStatus[] = []): Promise<TaskDeleteOutcome> {
    const deleted = await this.model
      .findOneAndDelete({ _id: id, status: { $nin: unlessStatus } })
      .lean<TaskDocument>();
    if (deleted) {
      await this.unindex(deleted.deviceId, [id]);
      return { outcome: 'deleted' };
    }
    const task = await this.get(id);
    return task ? { outcome: 'conflict', task } : { outcome: 'not-found' };
  }

  async deleteForDevice(deviceId: string): Promise<number> {
    const deleted = (await this.model.deleteMany({ deviceId })).deletedCount;
    await this.openTasks.dropDevice(deviceId);
    return deleted;
  }

  /** A device's tasks in some open statuses, read by id through the open-task index. */
  private async listOpen(
    deviceId: string,
    statuses: readonly TaskStatus[],
    page: TaskQuery,
  ): Promise<TaskPage> {
    const ids = await this.openTasks.ids(deviceId);
    const found = await findEachById<TaskDocument>(this.model, ids, null);
    const open = ids.flatMap((id) => {
      const task = found.get(id);
      return task && openOnDevice(task, deviceId) ? [task] : [];
    });
    if (open.length < ids.length) {
      const kept = new Set(open.map((task) => task._id));
      await this.unindex(
        deviceId,
        ids.filter((id) => !kept.has(id)),
      );
    }
    const matching = open.filter((task) => statuses.includes(task.status));
    const skip = page.skip ?? 0;
    return {
      tasks: matching.slice(skip, skip + page.limit).map(taskOf),
      total: matching.length,
    };
  }

  /**
   * Takes ids of tasks closed or gone out of the device's index; those that a concurrent write has
   * opened meanwhile, read again after the removal, go back in.
   */
  private async unindex(deviceId: string, ids: readonly string[]): Promise<void> {
    await this.openTasks.remove(deviceId, ids, async (again) => {
      const found = await findEachById<TaskDocument>(this.model, again, { deviceId: 1, status: 1 });
      return [...found.values()]
        .filter((task) => openOnDevice(task, deviceId))
        .map((task) => task._id);
    });
  }

  /** Keeps the open-task index in step with a task a write just changed. */
  private async indexed(outcome: TaskUpdateOutcome): Promise<TaskUpdateOutcome> {
    if (outcome.outcome !== 'updated') return outcome;
    const { id, deviceId, status } = outcome.task;
    if (isOpenStatus(status)) await this.openTasks.add(deviceId, [id]);
    else await this.unindex(deviceId, [id]);
    return outcome;
  }

  /** One atomic findOneAndUpdate guarded by the status; on a miss, tells absence from conflict. */
  private async conditionally(
    id: string,
    onlyFrom: TaskStatus[] | undefined,
    update: Record<string, unknown>,
  ): Promise<TaskUpdateOutcome> {
    const filter = onlyFrom ? { _id: id, status: { $in: onlyFrom } } : { _id: id };
    const updated = await this.model
      .findOneAndUpdate(filter, update, { returnDocument: 'after' })
      .lean<TaskDocument>();
    if (updated) return { outcome: 'updated', task: taskOf(updated) };
    const task = await this.get(id);
    return task ? { outcome: 'conflict', task } : { outcome: 'not-found' };
  }
}
