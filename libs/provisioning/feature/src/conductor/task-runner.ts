import type { AcsRequest, CpeResponse, Fault, OpResult } from '@acs/cwmp-codec';
import type { DiagnosticCompleted, Task, TaskFault } from '@acs/contracts';
import type { TaskStore } from '@acs/provisioning-data-access';
import type { SessionProgress, TaskStep } from '@acs/provisioning-domain';
import {
  absorbTaskResponse,
  awaitsTransfer,
  commandKeyOf,
  isTransferTask,
  anAttemptApplied,
  lastAttemptInDoubt,
  nextTaskRequest,
  retriesByWalking,
  reportedParameterKey,
  SESSION_ENDED,
  taskResultOf,
  type TaskBehaviour,
} from '../tasks/task-rpcs';
import {
  diagnosticOverdue,
  diagnosticPhase,
  diagnosticResultOf,
  isDiagnosticTask,
  requestedResult,
  waitsForEarlierRun,
} from '../tasks/diagnostic-runs';
import { retryDelayFor, type ProvisioningSettings } from '../settings';
import { isRetryable, taskFaultOf } from './fault-policy';
import { runningTaskByCommandKey } from './running-task';
import type { ProvisioningEvents } from './provisioning-events';
import type { ProvisioningFaults } from './provisioning-faults';

/** What the session should do after a task moved on. */
export type TaskMove =
  | { kind: 'send'; request: AcsRequest; step: TaskStep }
  /** The task is over (done, waiting for TransferComplete, or failed): look for other work. */
  | { kind: 'over' };

/**
 * Runs tasks inside sessions: claims one, turns it into RPCs one at a time, and records how it
 * ended, on the task and on `acs.events`. Every change to a task is conditional on the status it
 * should be in, so a redelivered event or a second instance can never finish a task twice.
 */
export class TaskRunner {
  constructor(
    private readonly tasks: TaskStore,
    private readonly events: ProvisioningEvents,
    private readonly faults: ProvisioningFaults,
    private readonly settings: ProvisioningSettings,
    private readonly now: () => Date,
  ) {}

  /**
   * The next task to start in this session, with expired ones marked on the way; when there is
   * none, `nextDue` says when a pending task becomes runnable (epoch ms; null: no pending task),
   * read from the same listing.
   */
  async nextRunnable(
    progress: SessionProgress,
  ): Promise<{ task: Task; nextDue?: never } | { task: null; nextDue: number | null }> {
    const { tasks: open } = await this.tasks.list({
      deviceId: progress.deviceId,
      status: ['pending', 'running'],
      limit: 100,
    });
    const now = this.now().getTime();
    const parameterKey = reportedParameterKey(progress.informValues);
    let nextDue: number | null = null;
    for (const task of open) {
      if (task.status !== 'pending') continue;
      // Runs of one diagnostic wait for each other: the next starts once the earlier one ended.
      if (waitsForEarlierRun(task, open)) continue;
      const expiresAt = Date.parse(task.expiresAt);
      if (expiresAt <= now) {
        await this.expire(task);
        continue;
      }
      // Settled at once, without waiting for a retry: an attempt the CPE reports as applied, or
      // the last one allowed, which it does not.
      const settleNow = anAttemptApplied(task, parameterKey) || this.awaitsOnlyConfirmation(task);
      const retryAt = settleNow ? 0 : this.retryAt(task);
      if (!progress.tasksTried.includes(task.id) && retryAt <= now) return { task };
      nextDue = Math.min(nextDue ?? Infinity, retryAt, expiresAt);
    }
    return { task: null, nextDue };
  }

  /**
   * Starts `task`'s next attempt: the first RPC, or null when the task cannot start (it changed
   * meanwhile, or its payload cannot be sent: then it has failed for good). When the CPE reports
   * the ParameterKey of one of the task's attempts (`reportedParameterKey`, from this session's
   * Inform), that attempt was applied although its answer was never recorded: the task is done,
   * and nothing is sent again.
   */
  async first(
    task: Task,
    behaviour: TaskBehaviour,
    reportedParameterKey: string | null = null,
  ): Promise<TaskMove> {
    if (anAttemptApplied(task, reportedParameterKey)) {
      const result = { status: 0, confirmedBy: 'ParameterKey' };
      await this.complete(task, task.attempts, result, 'pending');
      return { kind: 'over' };
    }
    if (this.awaitsOnlyConfirmation(task)) {
      // The last attempt was kept pending only to learn whether it applied: it did not.
      const fault = task.fault ?? { code: SESSION_ENDED, message: 'no attempt left' };
      await this.fail(task, task.attempts, fault, false, 'unconfirmed');
      return { kind: 'over' };
    }
    const step: TaskStep = { taskId: task.id, attempt: task.attempts + 1, step: 0, partial: {} };
    let request: AcsRequest | null;
    try {
      request = nextTaskRequest(task, step, behaviour);
    } catch (error) {
      await this.fail(task, step.attempt, { code: 'invalid-task', message: String(error) }, false);
      return { kind: 'over' };
    }
    if (!request) {
      await this.finish(task, step, 'pending');
      return { kind: 'over' };
    }
    return { kind: 'send', request, step };
  }

  /** Marks the task running for the attempt the session is about to send; false if it changed. */
  async claim(task: Task): Promise<boolean> {
    const outcome = await this.tasks.update(task.id, { status: 'running', countAttempt: true }, [
      'pending',
    ]);
    return outcome.outcome === 'updated';
  }

  /** Folds the CPE's answer in and decides the task's next RPC or its end. */
  async answered(
    step: TaskStep,
    answer: { kind: 'response'; response: CpeResponse } | { kind: 'fault'; fault: Fault },
    behaviour: TaskBehaviour,
  ): Promise<TaskMove> {
    const task = await this.tasks.get(step.taskId);
    if (!task || task.status !== 'running' || task.attempts !== step.attempt)
      return { kind: 'over' };
    if (answer.kind === 'fault') {
      const fault = taskFaultOf(answer.fault);
      const walkNext = retriesByWalking(task, behaviour, fault.code);
      await this.fail(task, step.attempt, fault, true, 'failed', walkNext);
      return { kind: 'over' };
    }
    const next = absorbTaskResponse(step, answer.response);
    if (isDiagnosticTask(task)) {
      const collected = diagnosticPhase(task) === 'collect' ? diagnosticResultOf(task, next) : null;
      if (collected === null) {
        // Requested (or, read too early, still running): wait for 8 DIAGNOSTICS COMPLETE.
        const waiting = requestedResult(this.now(), this.settings.diagnosticTimeoutMs);
        await this.tasks.update(task.id, { status: 'running', result: waiting }, ['running']);
        return { kind: 'over' };
      }
      await this.complete(task, step.attempt, collected, 'running');
      return { kind: 'over' };
    }
    if (awaitsTransfer(task, next)) {
      // The CPE took the transfer for later: the task stays running until TransferComplete.
      const held = await this.tasks.update(task.id, { status: 'running', result: next.partial }, [
        'running',
      ]);
      if (held.outcome === 'updated' && isTransferTask(task))
        await this.events.publish(task.deviceId, `task:${task.id}:${step.attempt}:accepted`, {
          type: 'TransferAccepted',
          taskId: task.id,
          taskType: task.type,
          attempt: Math.max(1, step.attempt),
          commandKey: commandKeyOf(task),
        });
      return { kind: 'over' };
    }
    const request = nextTaskRequest(task, next, behaviour);
    if (request) return { kind: 'send', request, step: next };
    await this.finish(task, next, 'running');
    if (task.type === 'cancelTransfer') await this.transferCancelled(task);
    return { kind: 'over' };
  }

  /**
   * The CPE cancelled a queued transfer: it will never report on it (TR-069 A.4.1.9), so the
   * transfer task waiting for its TransferComplete ends here, cancelled, naming the cancel task.
   */
  private async transferCancelled(cancel: Extract<Task, { type: 'cancelTransfer' }>) {
    const { deviceId } = cancel;
    const commandKey = cancel.payload.commandKey;
    const transfer = await runningTaskByCommandKey(
      this.tasks,
      deviceId,
      commandKey,
      isTransferTask,
    );
    if (!transfer) return;
    const fault = {
      code: 'transfer-cancelled',
      message: `cancelled on the CPE by task ${cancel.id}`,
    };
    await this.tasks.update(transfer.id, { status: 'cancelled', fault }, ['running']);
  }

  /** The session ended (or was replaced) before the CPE answered the task's RPC. */
  async abandoned(step: TaskStep, reason: string): Promise<void> {
    const task = await this.tasks.get(step.taskId);
    if (!task || task.status !== 'running' || task.attempts !== step.attempt) return;
    await this.fail(task, step.attempt, { code: SESSION_ENDED, message: reason }, true);
  }

  /**
   * Fails the attempts of tasks left running by sessions that ended while provisioning could not
   * see it (a crash, lost progress); a Download or Upload waiting for TransferComplete stays.
   */
  async abandonStale(deviceId: string): Promise<void> {
    const { tasks } = await this.tasks.list({ deviceId, status: ['running'], limit: 100 });
    for (const task of tasks) {
      if (diagnosticOverdue(task, this.now())) await this.diagnosticTimedOut(task);
      if (task.result?.['status'] === 1) continue;
      const fault = { code: SESSION_ENDED, message: 'the session ended before the CPE answered' };
      await this.fail(task, task.attempts, fault, true);
    }
  }

  /**
   * The device said `8 DIAGNOSTICS COMPLETE`: each diagnostic it was running goes back to pending
   * in its collect phase, to read its results in this session (the event does not say which one
   * completed; one still running is put back to wait when its results say so).
   */
  async diagnosticsCompleted(deviceId: string): Promise<void> {
    const { tasks } = await this.tasks.list({ deviceId, status: ['running'], limit: 100 });
    for (const task of tasks) {
      if (!isDiagnosticTask(task) || diagnosticPhase(task) !== 'requested') continue;
      const result = { ...task.result, status: 0, phase: 'collect' };
      await this.tasks.update(task.id, { status: 'pending', result }, ['running']);
    }
  }

  /** Ends, as `timed-out`, the diagnostics of every device whose deadline has passed. */
  async expireDiagnostics(limit = 500): Promise<number> {
    const { tasks } = await this.tasks.list({ status: ['running'], limit });
    const overdue = tasks.filter((task) => diagnosticOverdue(task, this.now()));
    for (const task of overdue) await this.diagnosticTimedOut(task);
    return overdue.length;
  }

  private async diagnosticTimedOut(task: Task): Promise<void> {
    const timeout = Math.round(this.settings.diagnosticTimeoutMs / 1000);
    const fault = {
      code: 'timed-out',
      message: `the device did not report 8 DIAGNOSTICS COMPLETE within ${timeout} s`,
    };
    await this.fail(task, task.attempts, fault, false);
  }

  /** Announces how a run ended (DiagnosticCompleted), once per run: its id is the run's. */
  private async diagnosticEnded(
    task: Task,
    result: Record<string, unknown> | null,
    fault?: TaskFault,
  ): Promise<void> {
    if (!isDiagnosticTask(task)) return;
    const reported = result?.['outcome'];
    const outcome =
      reported === 'complete' || reported === 'error'
        ? reported
        : fault?.code === 'timed-out'
          ? 'timed-out'
          : 'failed';
    const normalised: DiagnosticCompleted['result'] | null =
      reported === 'complete'
        ? {
            outcome: reported,
            measurements: { ...(result?.['measurements'] as Record<string, unknown>) },
          }
        : reported === 'error'
          ? { outcome: reported, code: String(result?.['code']) }
          : null;
    await this.events.publish(task.deviceId, `diagnostic:${task.id}`, {
      type: 'DiagnosticCompleted',
      runId: task.id,
      diagnostic: task.payload.diagnostic,
      outcome,
      ...(normalised ? { result: normalised } : {}),
      ...(fault ? { fault } : {}),
    });
  }

  /**
   * A DUStateChangeComplete closed the ChangeDUState task that was waiting for it: done with each
   * operation's result, failed (with the results) when an operation faulted.
   */
  async duStateChangeCompleted(task: Task, results: readonly OpResult[]): Promise<void> {
    const result = { ...(task.result ?? {}), status: 0, results: results.map((r) => ({ ...r })) };
    const faulted = results.find((r) => r.fault.faultCode !== 0);
    if (!faulted) {
      await this.complete(task, task.attempts, result, 'running');
      return;
    }
    const fault = {
      code: String(faulted.fault.faultCode),
      message: faulted.fault.faultString,
      detail: result,
    };
    await this.fail(task, task.attempts, fault, false);
  }

  /** A TransferComplete closed a Download or Upload task that was waiting for it. */
  async transferCompleted(task: Task, fault: TaskFault | null, times: Record<string, unknown>) {
    if (fault) {
      await this.fail(task, task.attempts, fault, true);
      return;
    }
    const result = { ...(task.result ?? {}), ...times, status: 0 };
    await this.complete(task, task.attempts, result, 'running');
  }

  private async finish(task: Task, step: TaskStep, from: 'pending' | 'running'): Promise<void> {
    await this.complete(task, step.attempt, taskResultOf(task, step), from);
  }

  /**
   * Stores the task done with its result and announces it, once (the update is conditional).
   * A task that had failed before succeeded: the faults its failures raised are resolved.
   */
  private async complete(
    task: Task,
    attempt: number,
    result: Record<string, unknown>,
    from: 'pending' | 'running',
  ): Promise<void> {
    const outcome = await this.tasks.update(task.id, { status: 'done', result }, [from]);
    if (outcome.outcome !== 'updated') return;
    if (isDiagnosticTask(task)) await this.diagnosticEnded(task, result);
    await this.events.publish(task.deviceId, `task:${task.id}:${attempt}:completed`, {
      type: 'TaskCompleted',
      taskId: task.id,
      taskType: task.type,
      attempt: Math.max(1, attempt),
      result,
    });
    if (attempt > 1 || task.fault !== undefined) {
      const { id: taskId, createdAt } = task;
      await this.faults.resolve(task.deviceId, { kind: 'task', taskId, createdAt });
    }
  }

  /**
   * Fails an attempt: the task goes back to pending when the fault allows another attempt, and
   * also after the last one when it is in doubt (its answer lost), so that the next Inform says
   * whether it applied before the task is called failed. `event` tells this attempt's failure
   * events apart (the id of acs.events' TaskFailed).
   */
  private async fail(
    task: Task,
    attempt: number,
    fault: TaskFault,
    retryable: boolean,
    event: 'failed' | 'unconfirmed' = 'failed',
    /** A permanent fault the next attempt avoids by other RPCs (`retriesByWalking`). */
    avoidable = false,
  ) {
    const another = attempt < this.attemptsAllowed(task) || lastAttemptInDoubt(task, fault);
    const again = retryable && (isRetryable(fault) || avoidable) && another;
    const outcome = await this.tasks.update(
      task.id,
      { status: again ? 'pending' : 'failed', fault },
      ['running', 'pending'],
    );
    if (outcome.outcome !== 'updated') return;
    if (!again && isDiagnosticTask(task)) await this.diagnosticEnded(task, null, fault);
    await this.faults.taskFailed(task, attempt, fault, event);
    const retryAt = again ? this.retryAt(outcome.task) : null;
    await this.events.publish(task.deviceId, `task:${task.id}:${attempt}:${event}`, {
      type: 'TaskFailed',
      taskId: task.id,
      taskType: task.type,
      attempt: Math.max(1, attempt),
      ...transferKey(task),
      fault,
      ...(retryAt === null ? {} : { retryAt: new Date(retryAt).toISOString() }),
    });
  }

  /**
   * No attempt left, and the last was in doubt: kept pending only for the Inform that settles it.
   * A task the operator retried after its last attempt is not (its fault is cleared): it runs.
   */
  private awaitsOnlyConfirmation(task: Task): boolean {
    return task.attempts >= this.attemptsAllowed(task) && lastAttemptInDoubt(task, task.fault);
  }

  /** The task's own limit (a campaign's Download: 1, it retries itself), else the setting. */
  private attemptsAllowed(task: Task): number {
    return task.maxAttempts ?? this.settings.maxTaskAttempts;
  }

  private async expire(task: Task): Promise<void> {
    const outcome = await this.tasks.update(task.id, { status: 'expired' }, ['pending']);
    if (outcome.outcome !== 'updated') return;
    await this.events.publish(task.deviceId, `task:${task.id}:expired`, {
      type: 'TaskExpired',
      taskId: task.id,
      taskType: task.type,
      ...transferKey(task),
    });
  }

  /**
   * When a pending task may run: at once, unless an earlier attempt failed; then its last change
   * plus the backoff of that attempt (so no extra field is stored for it).
   */
  private retryAt(task: Task): number {
    if (task.attempts === 0 || !task.fault) return 0;
    return Date.parse(task.updatedAt) + retryDelayFor(this.settings, task.attempts);
  }
}

/** A transfer task's CommandKey, for events a caller without the task id must recognise. */
function transferKey(task: Task): { commandKey?: string } {
  return isTransferTask(task) ? { commandKey: commandKeyOf(task) } : {};
}
