import type { AcsRequest, CpeResponse, ParameterValue } from '@acs/cwmp-codec';
import type { Task, TaskResult } from '@acs/contracts';
import { typedValueOf, type TaskStep } from '@acs/provisioning-domain';
import { diagnosticResultOf, diagnosticRpc } from './diagnostic-runs';

/** Batch sizes and RPC choices of the device's class (see the quirk profiles). */
export interface TaskBehaviour {
  gpvBatchSize: number;
  spvBatchSize: number;
  /** false: the class rejects GetParameterValues on a partial path; read names first. */
  partialPathGpv: boolean;
}

/**
 * A task's RPCs and how its answers add up to its result: pure, so that the orchestrator only
 * stores `TaskStep.partial` between RPCs and any instance can take the next step.
 *
 * `nextRequest` gives the step's RPC, or null when the task has all it needs; `absorb` folds an
 * answer into the partial result; `resultOf` shapes the finished result. A Download or Upload that
 * the CPE accepted for later (status 1) waits for TransferComplete: `awaitsTransfer`.
 */
export function nextTaskRequest(
  task: Task,
  step: TaskStep,
  behaviour: TaskBehaviour,
): AcsRequest | null {
  const first = step.step === 0;
  switch (task.type) {
    case 'getParameterValues':
      return gpvBatch(task.payload.parameterNames, step.step, behaviour.gpvBatchSize);
    case 'setParameterValues': {
      const batch = chunk(task.payload.values, behaviour.spvBatchSize)[step.step];
      if (!batch) return null;
      const parameters = batch.map(
        (entry): ParameterValue => ({
          name: entry.name,
          ...typedValueOf(entry.value, entry.type),
        }),
      );
      return {
        type: 'SetParameterValues',
        parameters,
        parameterKey: attemptParameterKey(task, step.attempt),
      };
    }
    case 'getParameterNames':
      return first
        ? {
            type: 'GetParameterNames',
            parameterPath: task.payload.subtree,
            nextLevel: task.payload.nextLevel,
          }
        : null;
    case 'refresh':
      if (behaviour.partialPathGpv && !partialPathFailedBefore(task)) {
        return first
          ? { type: 'GetParameterValues', parameterNames: [task.payload.subtree] }
          : null;
      }
      if (first) {
        return { type: 'GetParameterNames', parameterPath: task.payload.subtree, nextLevel: false };
      }
      return gpvBatch(leafNames(step), step.step - 1, behaviour.gpvBatchSize);
    case 'getParameterAttributes':
      return first
        ? { type: 'GetParameterAttributes', parameterNames: task.payload.parameterNames }
        : null;
    case 'setParameterAttributes':
      return first
        ? {
            type: 'SetParameterAttributes',
            parameters: task.payload.parameters.map((entry) => ({
              name: entry.name,
              notificationChange: entry.notification !== undefined,
              notification: entry.notification ?? 0,
              accessListChange: entry.accessList !== undefined,
              accessList: entry.accessList ?? [],
            })),
          }
        : null;
    case 'addObject':
      return first
        ? {
            type: 'AddObject',
            objectName: task.payload.objectName,
            parameterKey: attemptParameterKey(task, step.attempt),
          }
        : null;
    case 'deleteObject':
      return first
        ? {
            type: 'DeleteObject',
            objectName: task.payload.objectName,
            parameterKey: attemptParameterKey(task, step.attempt),
          }
        : null;
    case 'reboot':
      return first ? { type: 'Reboot', commandKey: commandKeyOf(task) } : null;
    case 'factoryReset':
      return first ? { type: 'FactoryReset' } : null;
    case 'scheduleInform':
      return first
        ? {
            type: 'ScheduleInform',
            delaySeconds: task.payload.delaySeconds,
            commandKey: commandKeyOf(task),
          }
        : null;
    case 'download':
      return first
        ? {
            type: 'Download',
            ...downloadFileOf(task),
            delaySeconds: task.payload.delaySeconds ?? 0,
            successUrl: '',
            failureUrl: '',
          }
        : null;
    case 'upload':
      return first
        ? {
            type: 'Upload',
            commandKey: commandKeyOf(task),
            fileType: task.payload.fileType,
            url: task.payload.url,
            username: task.payload.credentials?.username ?? '',
            password: task.payload.credentials?.password ?? '',
            delaySeconds: task.payload.delaySeconds ?? 0,
          }
        : null;
    case 'getRpcMethods':
      return first ? { type: 'GetRPCMethods' } : null;
    case 'getQueuedTransfers':
      return first ? { type: 'GetQueuedTransfers' } : null;
    case 'getAllQueuedTransfers':
      return first ? { type: 'GetAllQueuedTransfers' } : null;
    case 'cancelTransfer':
      return first ? { type: 'CancelTransfer', commandKey: task.payload.commandKey } : null;
    case 'scheduleDownload':
      return first ? scheduleDownloadOf(task) : null;
    case 'changeDuState':
      return first
        ? {
            type: 'ChangeDUState',
            operations: task.payload.operations.map((operation) => ({ ...operation })),
            commandKey: commandKeyOf(task),
          }
        : null;
    case 'diagnostic':
      return first ? diagnosticRpc(task, step.attempt) : null;
  }
}

/** What a Download and a ScheduleDownload say of the file, from either task. */
function downloadFileOf(task: Extract<Task, { type: 'download' | 'scheduleDownload' }>) {
  return {
    commandKey: commandKeyOf(task),
    fileType: task.payload.fileType,
    url: task.payload.url,
    username: task.payload.credentials?.username ?? '',
    password: task.payload.credentials?.password ?? '',
    fileSize: task.payload.fileSize ?? 0,
    targetFileName: task.payload.targetFileName ?? '',
  };
}

function scheduleDownloadOf(task: Extract<Task, { type: 'scheduleDownload' }>): AcsRequest {
  return {
    type: 'ScheduleDownload',
    ...downloadFileOf(task),
    timeWindows: task.payload.timeWindows.map((window) => ({
      windowStart: window.windowStart,
      windowEnd: window.windowEnd,
      windowMode: window.windowMode,
      userMessage: window.userMessage ?? '',
      maxRetries: window.maxRetries ?? -1,
    })),
  };
}

/** The step after `response` answered the step's request. */
export function absorbTaskResponse(step: TaskStep, response: CpeResponse): TaskStep {
  const partial = { ...step.partial };
  switch (response.type) {
    case 'GetParameterValuesResponse':
      partial['values'] = [
        ...asArray(partial['values']),
        ...response.parameters.map(({ name, type, value }) => ({ name, type, value })),
      ];
      break;
    case 'GetParameterNamesResponse':
      partial['parameters'] = response.parameters.map(({ name, writable }) => ({ name, writable }));
      break;
    case 'GetParameterAttributesResponse':
      partial['parameters'] = response.parameters;
      break;
    case 'SetParameterValuesResponse':
      partial['status'] = Math.max(Number(partial['status'] ?? 0), response.status);
      break;
    case 'AddObjectResponse':
      partial['instanceNumber'] = response.instanceNumber;
      partial['status'] = response.status;
      break;
    case 'DeleteObjectResponse':
      partial['status'] = response.status;
      break;
    case 'DownloadResponse':
    case 'UploadResponse':
      partial['status'] = response.status;
      partial['startTime'] = response.startTime;
      partial['completeTime'] = response.completeTime;
      break;
    // Accepted for later: the CPE reports with TransferComplete or DUStateChangeComplete.
    case 'ScheduleDownloadResponse':
    case 'ChangeDUStateResponse':
      partial['status'] = 1;
      break;
    case 'GetRPCMethodsResponse':
      partial['methods'] = response.methods;
      break;
    case 'GetQueuedTransfersResponse':
    case 'GetAllQueuedTransfersResponse':
      partial['transfers'] = response.transfers.map((transfer) => ({ ...transfer }));
      break;
    default:
      break;
  }
  return { ...step, step: step.step + 1, partial };
}

/** The result stored on the finished task. */
export function taskResultOf(task: Task, step: TaskStep): TaskResult {
  if (task.type === 'refresh') {
    return { subtree: task.payload.subtree, parameters: asArray(step.partial['values']).length };
  }
  if (task.type === 'diagnostic') return diagnosticResultOf(task, step) ?? step.partial;
  return step.partial;
}

type KeyedTask = Extract<Task, { type: 'setParameterValues' | 'addObject' | 'deleteObject' }>;

/**
 * The ParameterKey an attempt's SetParameterValues, AddObject or DeleteObject carries: the
 * operator's, or one that names the task and the attempt. A CPE sets ParameterKey when it has
 * applied such an RPC, and reports it in every Inform, so the key tells whether an attempt whose
 * answer was lost was applied. At most 32 characters, as the data models allow.
 */
export function attemptParameterKey(task: KeyedTask, attempt: number): string {
  return task.payload.parameterKey ?? `acs.${task.id.replace(/-/g, '').slice(0, 20)}.${attempt}`;
}

/**
 * Whether the CPE reports one of the task's attempts as applied: its Inform's ParameterKey is the
 * key that attempt carried. Any attempt, not only the last: an RPC can reach the CPE after its
 * attempt was given up for lost (its session seen ended first), and the next attempt's RPC can then
 * never reach it; the key still names the attempt that applied. Only AddObject and DeleteObject
 * need it: running them again is visible (a second object; a fault for an object already gone), a
 * SetParameterValues sent again is not. Not with a key of the operator's: the CPE may have held it
 * before.
 */
export function anAttemptApplied(task: Task, reportedParameterKey: string | null): boolean {
  if (reportedParameterKey === null || !keyedByAttempt(task)) return false;
  for (let attempt = task.attempts; attempt >= 1; attempt--) {
    if (reportedParameterKey === attemptParameterKey(task, attempt)) return true;
  }
  return false;
}

/**
 * Whether an attempt that ended with `fault` is in doubt until the device's next Inform: an
 * AddObject or DeleteObject under a key of the platform's own whose session ended before the
 * answer was recorded (anAttemptApplied then tells whether it applied).
 */
export function lastAttemptInDoubt(
  task: Task,
  fault: { code: string } | undefined,
): task is KeyedTask {
  return keyedByAttempt(task) && fault?.code === SESSION_ENDED;
}

/** An AddObject or DeleteObject whose attempts carry keys of the platform's own, each its own. */
function keyedByAttempt(task: Task): task is KeyedTask {
  if (task.type !== 'addObject' && task.type !== 'deleteObject') return false;
  return task.payload.parameterKey === undefined && task.attempts > 0;
}

/** The ParameterKey a CPE reported in its Inform's values (either data model), if any. */
export function reportedParameterKey(
  informValues: readonly { name: string; value: unknown }[],
): string | null {
  const reported = informValues.find(({ name }) => name.endsWith('.ManagementServer.ParameterKey'));
  return reported === undefined ? null : String(reported.value);
}

/** The fault of an attempt whose session ended before the CPE's answer was recorded. */
export const SESSION_ENDED = 'session-ended';

/**
 * Whether a refresh's last attempt ended as a CPE that cannot take GetParameterValues of a partial
 * path ends it: fault 9005, or the session gone before the answer (a stack that crashes on it
 * reboots and informs again). The retry then walks the subtree with GetParameterNames and leaf
 * GetParameterValues instead of crashing the CPE again. (A path the device lacks faults the walk
 * too: one attempt more.)
 */
function partialPathFailedBefore(task: Task): boolean {
  const code = task.fault?.code;
  return code === '9005' || code === SESSION_ENDED;
}

/**
 * Whether a 9005 (a permanent fault otherwise) answering a refresh's partial-path read is worth
 * the retry that walks the subtree: only when this attempt read the partial path.
 */
export function retriesByWalking(task: Task, behaviour: TaskBehaviour, faultCode: string): boolean {
  return (
    task.type === 'refresh' &&
    behaviour.partialPathGpv &&
    !partialPathFailedBefore(task) &&
    faultCode === '9005'
  );
}

/**
 * A task the CPE will report on later (status 1): a Download, ScheduleDownload or Upload with
 * TransferComplete, a ChangeDUState with DUStateChangeComplete.
 */
export function awaitsTransfer(task: Task, step: TaskStep): boolean {
  return (isTransferTask(task) || task.type === 'changeDuState') && step.partial['status'] === 1;
}

export type TransferTask = Extract<Task, { type: 'download' | 'scheduleDownload' | 'upload' }>;

/** A task that ends with the CPE's TransferComplete naming its CommandKey. */
export function isTransferTask(task: Task): task is TransferTask {
  return task.type === 'download' || task.type === 'scheduleDownload' || task.type === 'upload';
}

/**
 * The CommandKey a task sends: the operator's, or the task id, so that the CPE's TransferComplete
 * (or `M Reboot` inform) names the task it reports on. Task ids fit in CommandKey's 32 characters.
 */
export function commandKeyOf(task: Task): string {
  const payload = task.payload as { commandKey?: string };
  return payload.commandKey ?? task.id.slice(0, 32);
}

function gpvBatch(names: readonly string[], index: number, size: number): AcsRequest | null {
  const batch = chunk(names, size)[index];
  return batch ? { type: 'GetParameterValues', parameterNames: batch } : null;
}

function leafNames(step: TaskStep): string[] {
  return asArray(step.partial['parameters'])
    .map((entry) => (entry as { name?: unknown }).name)
    .filter((name): name is string => typeof name === 'string' && !name.endsWith('.'));
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const batches: T[][] = [];
  for (let start = 0; start < items.length; start += Math.max(1, size)) {
    batches.push(items.slice(start, start + Math.max(1, size)));
  }
  return batches;
}
