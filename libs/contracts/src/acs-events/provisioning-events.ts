import { Static, Type } from '@sinclair/typebox';
import { TaskFaultSchema, TaskResultSchema } from '../tasks/task';
import { TASK_TYPES } from '../tasks/task-payloads';
import { discriminatedValidatorFor, Validated } from '../validation';
import { FaultClearedEventSchema } from './fault-events';
import { DIAGNOSTIC_TYPES } from '../diagnostics/diagnostic-inputs';
import { DiagnosticResultSchema } from '../diagnostics/diagnostic-results';

/**
 * Provisioning's events on `acs.events` (public), keyed by device id. Ids derive from what caused
 * them (task id and attempt, session event id), so a redelivery after a crash publishes the same
 * ids again: consumers deduplicate by `eventId`.
 */
const base = {
  schemaVersion: Type.Literal(1),
  eventId: Type.String({ minLength: 1 }),
  deviceId: Type.String({ minLength: 1 }),
  occurredAt: Type.String({ minLength: 20 }),
};

const taskType = Type.Union(TASK_TYPES.map((type) => Type.Literal(type)));

const taskFields = {
  taskId: Type.String({ minLength: 1 }),
  taskType,
  /** Sessions the task has been started in, this one included. */
  attempt: Type.Integer({ minimum: 1 }),
};

export const TaskCompletedSchema = Type.Object({
  ...base,
  type: Type.Literal('TaskCompleted'),
  ...taskFields,
  result: TaskResultSchema,
});

/** A Download's or Upload's CommandKey: how a caller that knows no task id finds its own. */
const transferCommandKey = Type.Optional(Type.String({ maxLength: 32 }));

export const TaskFailedSchema = Type.Object({
  ...base,
  type: Type.Literal('TaskFailed'),
  ...taskFields,
  commandKey: transferCommandKey,
  fault: TaskFaultSchema,
  /** When it runs again (a retry with backoff); absent when it has given up. */
  retryAt: Type.Optional(Type.String({ minLength: 20 })),
});

export const TaskExpiredSchema = Type.Object({
  ...base,
  type: Type.Literal('TaskExpired'),
  taskId: Type.String({ minLength: 1 }),
  taskType,
  commandKey: transferCommandKey,
});

/** A preset could not be applied (a template without data, a CPE fault, the round limit). */
export const ProvisioningFaultRaisedSchema = Type.Object({
  ...base,
  type: Type.Literal('ProvisioningFaultRaised'),
  code: Type.String({ minLength: 1 }),
  message: Type.String(),
  /** The presets or profile involved. */
  sources: Type.Array(Type.String()),
});

/** An unknown device with no service profile, set aside for an operator. */
export const DeviceQuarantinedSchema = Type.Object({
  ...base,
  type: Type.Literal('DeviceQuarantined'),
  tag: Type.String({ minLength: 1 }),
  reason: Type.String(),
});

/**
 * The CPE took a Download or Upload for later (status 1): it will report with TransferComplete,
 * after the session. A firmware campaign counts the device as downloading from here.
 */
export const TransferAcceptedSchema = Type.Object({
  ...base,
  type: Type.Literal('TransferAccepted'),
  ...taskFields,
  commandKey: Type.String(),
});

/** A TransferComplete or AutonomousTransferComplete the CPE reported. */
export const TransferCompletedSchema = Type.Object({
  ...base,
  type: Type.Literal('TransferCompleted'),
  commandKey: Type.String(),
  /** The task it closed, if any. */
  taskId: Type.Optional(Type.String()),
  autonomous: Type.Boolean(),
  faultCode: Type.Integer({ minimum: 0 }),
  faultString: Type.String(),
  startTime: Type.Union([Type.String(), Type.Null()]),
  completeTime: Type.Union([Type.String(), Type.Null()]),
});

/** A DUStateChangeComplete or its autonomous form: deployment unit operations and their outcome. */
export const DeploymentUnitsChangedSchema = Type.Object({
  ...base,
  type: Type.Literal('DeploymentUnitsChanged'),
  autonomous: Type.Boolean(),
  commandKey: Type.String(),
  results: Type.Array(Type.Record(Type.String(), Type.Unknown())),
});

/** How a diagnostic run ended, as provisioning sees it (the `acs_diagnostics_runs_total` label). */
export const DIAGNOSTIC_OUTCOMES = ['complete', 'error', 'timed-out', 'failed'] as const;

/**
 * A TR-143 diagnostic run ended: `complete` with its normalised measurements, `error` with the
 * device's error state as a code (`result.code`), `timed-out` (no 8 DIAGNOSTICS COMPLETE in time)
 * or `failed` (the device refused the request: `fault`). One per run (the id is the run's).
 */
export const DiagnosticCompletedSchema = Type.Object({
  ...base,
  type: Type.Literal('DiagnosticCompleted'),
  runId: Type.String({ minLength: 1 }),
  diagnostic: Type.Union(DIAGNOSTIC_TYPES.map((type) => Type.Literal(type))),
  outcome: Type.Union(DIAGNOSTIC_OUTCOMES.map((outcome) => Type.Literal(outcome))),
  result: Type.Optional(DiagnosticResultSchema),
  fault: Type.Optional(TaskFaultSchema),
});

/** Each event's schema by its `type`. */
export const PROVISIONING_EVENT_SCHEMAS = {
  TaskCompleted: TaskCompletedSchema,
  TaskFailed: TaskFailedSchema,
  TaskExpired: TaskExpiredSchema,
  ProvisioningFaultRaised: ProvisioningFaultRaisedSchema,
  FaultCleared: FaultClearedEventSchema,
  DeviceQuarantined: DeviceQuarantinedSchema,
  TransferAccepted: TransferAcceptedSchema,
  TransferCompleted: TransferCompletedSchema,
  DeploymentUnitsChanged: DeploymentUnitsChangedSchema,
  DiagnosticCompleted: DiagnosticCompletedSchema,
};

export const ProvisioningEventSchema = Type.Union(Object.values(PROVISIONING_EVENT_SCHEMAS));
export type ProvisioningEvent = Static<typeof ProvisioningEventSchema>;
export const PROVISIONING_EVENT_TYPES = Object.keys(PROVISIONING_EVENT_SCHEMAS) as Array<
  keyof typeof PROVISIONING_EVENT_SCHEMAS
>;
export type TaskCompleted = Static<typeof TaskCompletedSchema>;
export type TaskFailed = Static<typeof TaskFailedSchema>;
export type DiagnosticCompleted = Static<typeof DiagnosticCompletedSchema>;

export const validateProvisioningEvent = discriminatedValidatorFor(
  'type',
  PROVISIONING_EVENT_SCHEMAS,
) as (value: unknown) => Validated<ProvisioningEvent>;
