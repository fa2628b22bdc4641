import type { AcsRequest } from '@acs/cwmp-codec';
import type { DiagnosticRequest, Task, TaskOf, TaskResult } from '@acs/contracts';
import {
  diagnosticReadPaths,
  diagnosticRequestValues,
  normaliseDiagnosticResult,
  typedValueOf,
  type TaskStep,
} from '@acs/provisioning-domain';

/**
 * A diagnostic run is a task of type `diagnostic` in two phases, each one session's work:
 * `request` sends the inputs with DiagnosticsState=Requested, after which the task waits, running,
 * for the device's `8 DIAGNOSTICS COMPLETE` (phase `requested` in its result, status 1 like a
 * transfer the CPE took for later); that session puts it back to pending in phase `collect`,
 * which reads the results and stores them normalised.
 */
export type DiagnosticTask = TaskOf<'diagnostic'>;
export type DiagnosticPhase = 'request' | 'requested' | 'collect';

export function isDiagnosticTask(task: Task): task is DiagnosticTask {
  return task.type === 'diagnostic';
}

export function diagnosticPhase(task: DiagnosticTask): DiagnosticPhase {
  const phase = task.result?.['phase'];
  return phase === 'requested' || phase === 'collect' ? phase : 'request';
}

/** The run's diagnostic and inputs, as the domain takes them. */
export function diagnosticRequestOf(task: DiagnosticTask): DiagnosticRequest {
  return { type: task.payload.diagnostic, inputs: task.payload.inputs } as DiagnosticRequest;
}

/** The RPC of the run's phase: the SPV that requests it, or the GPV of its results. */
export function diagnosticRpc(task: DiagnosticTask, attempt: number): AcsRequest {
  const { dataModel } = task.payload;
  if (diagnosticPhase(task) === 'collect') {
    return {
      type: 'GetParameterValues',
      parameterNames: diagnosticReadPaths(task.payload.diagnostic, dataModel),
    };
  }
  const values = diagnosticRequestValues(diagnosticRequestOf(task), dataModel);
  return {
    type: 'SetParameterValues',
    parameters: values.map(({ name, value, type }) => ({ name, ...typedValueOf(value, type) })),
    parameterKey: `acs.${task.id.replace(/-/g, '').slice(0, 20)}.${attempt}`,
  };
}

/**
 * What the run's collect phase read, normalised: `{ diagnostic, outcome, measurements | code }`,
 * or null when the device still reports the diagnostic as not run (it completed another one).
 */
export function diagnosticResultOf(task: DiagnosticTask, step: TaskStep): TaskResult | null {
  const values = step.partial['values'];
  const reported = Array.isArray(values) ? (values as { name: string; value: unknown }[]) : [];
  const { diagnostic, dataModel } = task.payload;
  const result = normaliseDiagnosticResult(diagnostic, dataModel, reported);
  return result === null ? null : { diagnostic, ...result };
}

/** The result a run keeps while it waits for the device: requested, and until when. */
export function requestedResult(now: Date, timeoutMs: number): TaskResult {
  return {
    status: 1,
    phase: 'requested',
    requestedAt: now.toISOString(),
    deadline: new Date(now.getTime() + timeoutMs).toISOString(),
  };
}

/** A run the device has not reported on by its deadline. */
export function diagnosticOverdue(task: Task, now: Date): boolean {
  if (!isDiagnosticTask(task) || diagnosticPhase(task) !== 'requested') return false;
  const deadline = Date.parse(String(task.result?.['deadline'] ?? ''));
  return Number.isFinite(deadline) && deadline <= now.getTime();
}

/**
 * Whether `task` must wait for an earlier run of the same diagnostic on the device: the
 * diagnostic's object is a singleton, so a second request would overwrite the first's inputs.
 */
export function waitsForEarlierRun(task: Task, open: readonly Task[]): boolean {
  if (!isDiagnosticTask(task) || diagnosticPhase(task) !== 'request') return false;
  return open.some(
    (other) =>
      other.id !== task.id &&
      isDiagnosticTask(other) &&
      other.payload.diagnostic === task.payload.diagnostic &&
      (other.status === 'running' || diagnosticPhase(other) === 'collect' || other.id < task.id),
  );
}
