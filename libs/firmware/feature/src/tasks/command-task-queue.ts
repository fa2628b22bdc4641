import { createHash, randomUUID } from 'node:crypto';
import {
  TOPICS,
  validateAcsCommandResult,
  type AcsCommandResult,
  type CommandOutcome,
  type CreateTaskCommand,
  type NewTask,
} from '@acs/contracts';
import type { ConsumedMessage, EventPublisher } from '@acs/event-bus';
import type { QueueProvisioningTask } from './transfer-tasks';

export interface CommandTaskQueueOptions {
  /** How long a command's result is waited for before the same command is sent again. */
  readonly answerTimeoutMs?: number;
  /** Sends of one command before queueing fails (the caller tries again on a later turn). */
  readonly sends?: number;
}

/** Provisioning refused the task (an unknown device, say): sending it again changes nothing. */
export class TaskRefusedError extends Error {
  override readonly name = 'TaskRefusedError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`provisioning refused the task (${code}): ${message}`);
  }
}

/** No result came for the command in time; it may still run, and asking again is safe. */
export class TaskUnansweredError extends Error {
  override readonly name = 'TaskUnansweredError';
}

/** A command's result; null when none came in time; 'closing' when the service stops. */
type Answer = AcsCommandResult | null | 'closing';

/** A command id from a request's idempotency key (acs.commands takes at most 128 characters). */
function commandIdFor(idempotencyKey: string | undefined): string {
  if (idempotencyKey === undefined) return `firmware-${randomUUID()}`;
  return `firmware-${createHash('sha256').update(idempotencyKey).digest('base64url')}`;
}

/** The task id of a finished execution, or the refusal it ended with. */
function taskIdOf(outcome: CommandOutcome): string {
  const taskId = outcome.result?.['taskId'];
  if (outcome.status === 'succeeded' && typeof taskId === 'string') return taskId;
  throw new TaskRefusedError(
    outcome.error?.code ?? 'internal-error',
    outcome.error?.message ?? `answered ${outcome.status} without a task`,
  );
}

/**
 * Tasks queued in the scaled topology, where provisioning is another service: a createTask
 * command on acs.commands, answered on acs.command-results. A command id made from the request's
 * idempotency key means that sending it again (its answer lost, the turn repeated after a crash)
 * is executed once and answered with the first execution's task.
 */
export class CommandTaskQueue {
  private readonly waiting = new Map<string, (answer: Answer) => void>();
  private readonly answerTimeoutMs: number;
  private readonly sends: number;
  private closed = false;

  constructor(
    private readonly publisher: EventPublisher,
    options: CommandTaskQueueOptions = {},
  ) {
    this.answerTimeoutMs = options.answerTimeoutMs ?? 5_000;
    this.sends = options.sends ?? 3;
  }

  readonly queueTask: QueueProvisioningTask = async (deviceId, task, idempotencyKey) => {
    const command: CreateTaskCommand = {
      schemaVersion: 1,
      commandId: commandIdFor(idempotencyKey),
      issuedAt: new Date().toISOString(),
      type: 'createTask',
      deviceId,
      task: task satisfies NewTask,
    };
    for (let send = 1; send <= this.sends; send++) {
      if (this.closed) break;
      const result = await this.send(command);
      if (!result) continue;
      if (result.status !== 'duplicate') return { taskId: taskIdOf(result) };
      // Executed before: its first outcome, once that one has ended.
      if (result.original) return { taskId: taskIdOf(result.original) };
    }
    throw new TaskUnansweredError(
      `no result for command ${command.commandId} after ${this.sends} sends`,
    );
  };

  /** acs.command-results: answers the commands this process waits for, ignores the others. */
  handleResults = (messages: readonly ConsumedMessage[]): Promise<void> => {
    for (const message of messages) {
      const answer = message.key === null ? undefined : this.waiting.get(message.key);
      if (!answer || message.value === null) continue;
      const checked = validateAcsCommandResult(JSON.parse(message.value));
      if (checked.ok) answer(checked.value);
    }
    return Promise.resolve();
  };

  /** Stops waiting: queueing in progress fails (the campaign tries again after a restart). */
  close(): void {
    this.closed = true;
    for (const answer of this.waiting.values()) answer('closing');
    this.waiting.clear();
  }

  private async send(command: CreateTaskCommand): Promise<AcsCommandResult | null> {
    let timer: NodeJS.Timeout | undefined;
    const answered = new Promise<Answer>((resolve) => {
      this.waiting.set(command.commandId, resolve);
      timer = setTimeout(() => resolve(null), this.answerTimeoutMs);
    });
    try {
      await this.publisher.publish({
        topic: TOPICS.commands,
        key: command.commandId,
        value: JSON.stringify(command),
      });
      const result = await answered;
      if (result === 'closing') throw new TaskUnansweredError('the firmware service is stopping');
      return result;
    } finally {
      clearTimeout(timer);
      this.waiting.delete(command.commandId);
    }
  }
}
