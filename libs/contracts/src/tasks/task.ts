import { Static, TProperties, Type } from '@sinclair/typebox';
import { discriminatedValidatorFor, Validated } from '../validation';
import { TASK_PAYLOAD_SCHEMAS, TaskType } from './task-payloads';

/**
 * A task: one operator request for one device (read parameters, set values, reboot, download a
 * file, ...), created by the operator API and executed by provisioning in the device's next
 * session. The API stores it `pending`; provisioning moves it to `running` when it sends the first
 * RPC, then `done` (with a result) or `failed` (with a fault). A pending task not started by
 * `expiresAt` becomes `expired`; `cancelled` is an operator's decision. `retry` puts a failed,
 * expired or cancelled task back to `pending`.
 */
export const TASK_STATUSES = [
  'pending',
  'running',
  'done',
  'failed',
  'expired',
  'cancelled',
] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const TaskStatusSchema = Type.Union(TASK_STATUSES.map((status) => Type.Literal(status)));

/** States a task leaves only through an operator's retry. */
export const FINISHED_TASK_STATUSES: readonly TaskStatus[] = [
  'done',
  'failed',
  'expired',
  'cancelled',
];

/** Tasks wait this long for the device's next session unless the request says otherwise. */
export const DEFAULT_TASK_LIFETIME_SECONDS = 7 * 24 * 3600;

/** Why a task failed: a CWMP fault code (`9002`) or a platform code (`session-timeout`). */
export const TaskFaultSchema = Type.Object(
  {
    code: Type.String({ minLength: 1 }),
    message: Type.String(),
    detail: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { $id: 'TaskFault' },
);
export type TaskFault = Static<typeof TaskFaultSchema>;

/** What the device answered, shaped by provisioning per task type (e.g. `{ values: [...] }`). */
export const TaskResultSchema = Type.Record(Type.String(), Type.Unknown());
export type TaskResult = Static<typeof TaskResultSchema>;

/** One `{ type, payload, ...fields }` object per task type, so the type picks the payload schema. */
function taskVariants<F extends TProperties>(fields: F) {
  const variant = <K extends TaskType>(type: K) =>
    Type.Object(
      { type: Type.Literal(type), payload: TASK_PAYLOAD_SCHEMAS[type], ...fields },
      { additionalProperties: false },
    );
  const members = {
    getParameterValues: variant('getParameterValues'),
    setParameterValues: variant('setParameterValues'),
    getParameterNames: variant('getParameterNames'),
    refresh: variant('refresh'),
    getParameterAttributes: variant('getParameterAttributes'),
    setParameterAttributes: variant('setParameterAttributes'),
    addObject: variant('addObject'),
    deleteObject: variant('deleteObject'),
    reboot: variant('reboot'),
    factoryReset: variant('factoryReset'),
    download: variant('download'),
    upload: variant('upload'),
    scheduleInform: variant('scheduleInform'),
    getRpcMethods: variant('getRpcMethods'),
    getQueuedTransfers: variant('getQueuedTransfers'),
    getAllQueuedTransfers: variant('getAllQueuedTransfers'),
    cancelTransfer: variant('cancelTransfer'),
    scheduleDownload: variant('scheduleDownload'),
    changeDuState: variant('changeDuState'),
    diagnostic: variant('diagnostic'),
  };
  const union = Type.Union([
    members.getParameterValues,
    members.setParameterValues,
    members.getParameterNames,
    members.refresh,
    members.getParameterAttributes,
    members.setParameterAttributes,
    members.addObject,
    members.deleteObject,
    members.reboot,
    members.factoryReset,
    members.download,
    members.upload,
    members.scheduleInform,
    members.getRpcMethods,
    members.getQueuedTransfers,
    members.getAllQueuedTransfers,
    members.cancelTransfer,
    members.scheduleDownload,
    members.changeDuState,
    members.diagnostic,
  ]);
  return { members, union };
}

const MaxAttemptsSchema = Type.Integer({ minimum: 1, maximum: 20 });

const newTask = taskVariants({
  /** How long the task may wait for the device; DEFAULT_TASK_LIFETIME_SECONDS when absent. */
  expiresInSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 366 * 24 * 3600 })),
  /** Wake the device with a connection request instead of waiting for its next inform. */
  connectionRequest: Type.Optional(Type.Boolean()),
  /**
   * Sessions it may be tried in before it fails for good; provisioning's setting when absent. A
   * caller with its own retry policy (a firmware campaign) gives 1.
   */
  maxAttempts: Type.Optional(MaxAttemptsSchema),
});

/** A task as an operator asks for it (the device comes from the URL). */
export const NewTaskSchema = Type.Union(newTask.union.anyOf, { $id: 'NewTask' });
export type NewTask = Static<typeof NewTaskSchema>;

const storedTask = taskVariants({
  id: Type.String({ minLength: 1 }),
  deviceId: Type.String({ minLength: 1 }),
  status: TaskStatusSchema,
  /** Sessions in which provisioning started it. */
  attempts: Type.Integer({ minimum: 0 }),
  /** ISO 8601 times. */
  createdAt: Type.String(),
  updatedAt: Type.String(),
  expiresAt: Type.String(),
  connectionRequest: Type.Boolean(),
  maxAttempts: Type.Optional(MaxAttemptsSchema),
  result: Type.Optional(TaskResultSchema),
  fault: Type.Optional(TaskFaultSchema),
});

/** A task as stored and as provisioning reads it. */
export const TaskSchema = Type.Union(storedTask.union.anyOf, { $id: 'Task' });
export type Task = Static<typeof TaskSchema>;

/** The stored task of one type: `TaskOf<'download'>`. */
export type TaskOf<K extends TaskType> = Extract<Task, { type: K }>;

const newTaskValidator = discriminatedValidatorFor('type', newTask.members);
const taskValidator = discriminatedValidatorFor('type', storedTask.members);

/** Checks an operator's task request; errors name the field (`/payload/parameterNames/0: ...`). */
export function validateNewTask(value: unknown): Validated<NewTask> {
  const validated = newTaskValidator(value) as Validated<NewTask>;
  if (!validated.ok) return validated;
  const errors = newTaskProblems(validated.value);
  return errors.length === 0 ? validated : { ok: false, errors };
}

/** What the schema cannot say of a task request that fits it; none when it is sound. */
export function newTaskProblems(task: NewTask): string[] {
  return task.type === 'scheduleDownload' ? timeWindowErrors(task.payload.timeWindows) : [];
}

/** TR-069 A.4.1.8: each window ends at or after its start, and the second starts after the first. */
function timeWindowErrors(
  windows: readonly { windowStart: number; windowEnd: number }[],
): string[] {
  const errors: string[] = [];
  windows.forEach((window, i) => {
    if (window.windowEnd < window.windowStart)
      errors.push(`/payload/timeWindows/${i}/windowEnd: must not be before windowStart`);
  });
  const [first, second] = windows;
  if (first && second && second.windowStart < first.windowEnd)
    errors.push('/payload/timeWindows/1/windowStart: must not be before the first window ends');
  return errors;
}

/** Checks a stored task, e.g. one read back by provisioning from a store. */
export function validateTask(value: unknown): Validated<Task> {
  return taskValidator(value) as Validated<Task>;
}
