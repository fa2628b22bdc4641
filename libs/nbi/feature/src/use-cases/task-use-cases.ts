import { Inject, Injectable } from '@nestjs/common';
import {
  DEFAULT_TASK_LIFETIME_SECONDS,
  FINISHED_TASK_STATUSES,
  Task,
  TaskStatus,
} from '@acs/contracts';
import type { TaskStore } from '@acs/provisioning-data-access';
import { ConflictError, NotFoundError } from '../errors/nbi-errors';
import { DEFAULT_PAGE_SIZE } from '../http/schemas';
import { TASK_STORE } from '../tokens';
import { taskView } from './views';

function taskNotFound(taskId: string): NotFoundError {
  return new NotFoundError('task-not-found', `no task ${taskId}`);
}

/** How often a waiting request reads its task: a task finishes within a CPE session's pace. */
const WAIT_POLL_MS = 200;

/** `?wait=`: holds the answer until the task finishes or the time is up. */
@Injectable()
export class WaitForTask {
  constructor(@Inject(TASK_STORE) private readonly tasks: TaskStore) {}

  /** Stops early (with the task as it is) when `signal` aborts: the client went away. */
  async execute(
    taskId: string,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<{ task: Task; finished: boolean }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const task = await this.tasks.get(taskId);
      if (!task) throw taskNotFound(taskId);
      const finished = FINISHED_TASK_STATUSES.includes(task.status);
      const left = deadline - Date.now();
      if (finished || left <= 0 || signal?.aborted) return { task: taskView(task), finished };
      await pause(Math.min(WAIT_POLL_MS, left), signal);
    }
  }
}

function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done);
  });
}

@Injectable()
export class ListTasks {
  constructor(@Inject(TASK_STORE) private readonly tasks: TaskStore) {}

  async execute(input: {
    deviceId?: string;
    /** Comma-separated, as the query parameter holds it. */
    status?: string;
    limit?: number;
    skip?: number;
  }): Promise<{ tasks: Task[]; total: number }> {
    const page = await this.tasks.list({
      ...(input.deviceId === undefined ? {} : { deviceId: input.deviceId }),
      ...(input.status === undefined ? {} : { status: input.status.split(',') as TaskStatus[] }),
      limit: input.limit ?? DEFAULT_PAGE_SIZE,
      skip: input.skip ?? 0,
    });
    return { tasks: page.tasks.map(taskView), total: page.total };
  }
}

@Injectable()
export class GetTask {
  constructor(@Inject(TASK_STORE) private readonly tasks: TaskStore) {}

  async execute(taskId: string): Promise<Task> {
    const task = await this.tasks.get(taskId);
    if (!task) throw taskNotFound(taskId);
    return taskView(task);
  }
}

@Injectable()
export class RetryTask {
  constructor(@Inject(TASK_STORE) private readonly tasks: TaskStore) {}

  async execute(taskId: string, expiresInSeconds = DEFAULT_TASK_LIFETIME_SECONDS): Promise<Task> {
    const outcome = await this.tasks.retry(taskId, expiresInSeconds);
    if (outcome.outcome === 'not-found') throw taskNotFound(taskId);
    if (outcome.outcome === 'conflict') {
      throw new ConflictError(
        'task-not-retryable',
        `task ${taskId} is ${outcome.task.status}: only failed, expired or cancelled tasks are retried`,
      );
    }
    return taskView(outcome.task);
  }
}

@Injectable()
export class DeleteTask {
  constructor(@Inject(TASK_STORE) private readonly tasks: TaskStore) {}

  /** A running task is in a device's session: it cannot be taken back from there. */
  async execute(taskId: string): Promise<void> {
    const outcome = await this.tasks.delete(taskId, ['running']);
    if (outcome.outcome === 'not-found') throw taskNotFound(taskId);
    if (outcome.outcome === 'conflict') {
      throw new ConflictError('task-running', `task ${taskId} is running in a session`);
    }
  }
}
