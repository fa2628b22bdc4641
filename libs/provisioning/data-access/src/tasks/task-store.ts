import type { Task, TaskFault, TaskResult, TaskStatus } from '@acs/contracts';

/**
 * Where tasks wait for their device and record how they ended. The operator API creates, lists,
 * retries and deletes them; provisioning (a later issue) claims pending ones and records results
 * through `update` with `onlyFrom`, so two writers never both move the same task.
 *
 * Tasks list in creation order (their ids sort that way): the order provisioning runs a device's
 * tasks in.
 */
export type NewStoredTask = Task extends infer Variant
  ? Variant extends Task
    ? Pick<Variant, 'deviceId' | 'type' | 'payload' | 'connectionRequest' | 'maxAttempts'> & {
        /** How long it may wait: expiresAt is createdAt plus this. */
        expiresInSeconds: number;
      }
    : never
  : never;

export interface TaskQuery {
  deviceId?: string;
  /** Any of these statuses; all when absent. */
  status?: TaskStatus[];
  limit: number;
  skip?: number;
}

export interface TaskPage {
  tasks: Task[];
  /** All matches, not only this page. */
  total: number;
}

export interface TaskChange {
  status: TaskStatus;
  /** Replaces the stored result when given. */
  result?: TaskResult;
  /** Replaces the stored fault when given. */
  fault?: TaskFault;
  /** Counts one more attempt (provisioning sets it when it starts the task in a session). */
  countAttempt?: boolean;
}

/** What a conditional change did: `conflict` carries the task as it is, in a status not allowed. */
export type TaskUpdateOutcome =
  | { outcome: 'updated'; task: Task }
  | { outcome: 'not-found' }
  | { outcome: 'conflict'; task: Task };

export type TaskDeleteOutcome =
  | { outcome: 'deleted' }
  | { outcome: 'not-found' }
  | { outcome: 'conflict'; task: Task };

/** Tasks that may be retried: they ended without success, or were cancelled. */
export const RETRYABLE_TASK_STATUSES: TaskStatus[] = ['failed', 'expired', 'cancelled'];

export interface TaskStore {
  /** Stores a new pending task with no attempts; assigns its id and times. */
  create(task: NewStoredTask): Promise<Task>;
  get(id: string): Promise<Task | null>;
  list(query: TaskQuery): Promise<TaskPage>;
  /** Applies `change` when the task's status is one of `onlyFrom` (any status when absent). */
  update(id: string, change: TaskChange, onlyFrom?: TaskStatus[]): Promise<TaskUpdateOutcome>;
  /**
   * Back to pending, result and fault cleared, attempts kept, expiring `expiresInSeconds` from
   * now: only from a RETRYABLE status (a pending, running or done task is a conflict).
   */
  retry(id: string, expiresInSeconds: number): Promise<TaskUpdateOutcome>;
  /** Marks pending tasks whose `expiresAt` has passed as expired; returns how many. */
  expirePending(now: string): Promise<number>;
  /** Deletes the task unless its status is one of `unlessStatus` (a conflict then). */
  delete(id: string, unlessStatus?: TaskStatus[]): Promise<TaskDeleteOutcome>;
  /** Deletes every task of a device (the device was deleted); returns how many. */
  deleteForDevice(deviceId: string): Promise<number>;
}

/** `now` plus some seconds, as the ISO time tasks store. */
export function secondsAfter(now: Date, seconds: number): string {
  return new Date(now.getTime() + seconds * 1000).toISOString();
}
