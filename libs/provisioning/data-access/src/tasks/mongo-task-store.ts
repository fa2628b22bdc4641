import { Connection, Model, Schema } from 'mongoose';
import type { Task, TaskStatus } from '@acs/contracts';
import { modelOn, timeOrderedId, type StoreClock } from '@acs/persistence';
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
    result: { type: Schema.Types.Mixed },
    fault: { type: Schema.Types.Mixed },
  },
  // minimize off: an empty payload ({} for factoryReset) must be stored, not dropped.
  { versionKey: false, minimize: false, autoIndex: false, timestamps: false },
);
taskSchema.index({ deviceId: 1, status: 1, _id: 1 });
taskSchema.index({ status: 1, _id: 1 });
taskSchema.index({ status: 1, expiresAt: 1 });

function taskOf(document: TaskDocument): Task {
  const { _id, ...fields } = document;
  return { id: _id, ...fields } as Task;
}

/** TaskStore on MongoDB through mongoose; ids are the time-ordered `_id` strings. */
export class MongoTaskStore implements TaskStore {
  private readonly now: () => Date;

  private constructor(
    private readonly model: Model<TaskDocument>,
    options: StoreClock,
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /** Binds the store to the connection and makes sure its indexes exist. */
  static async open(connection: Connection, options: StoreClock = {}): Promise<MongoTaskStore> {
    const model = modelOn(connection, 'NbiTask', taskSchema, 'nbi_tasks');
    await model.createIndexes();
    return new MongoTaskStore(model, options);
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
    await this.model.create({ _id: id, ...stored });
    return task;
  }

  async get(id: string): Promise<Task | null> {
    const document = await this.model.findById(id).lean<TaskDocument>();
    return document ? taskOf(document) : null;
  }

  async list(query: TaskQuery): Promise<TaskPage> {
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
    return this.conditionally(id, onlyFrom, update);
  }

  async retry(id: string, expiresInSeconds: number): Promise<TaskUpdateOutcome> {
    const now = this.now();
    return this.conditionally(id, RETRYABLE_TASK_STATUSES, {
      $set: {
        status: 'pending',
        updatedAt: now.toISOString(),
        expiresAt: secondsAfter(now, expiresInSeconds),
      },
      $unset: { result: 1, fault: 1 },
    });
  }

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
    if (deleted) return { outcome: 'deleted' };
    const task = await this.get(id);
    return task ? { outcome: 'conflict', task } : { outcome: 'not-found' };
  }

  async deleteForDevice(deviceId: string): Promise<number> {
    return (await this.model.deleteMany({ deviceId })).deletedCount;
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
