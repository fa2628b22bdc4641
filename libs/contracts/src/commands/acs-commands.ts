import { Static, Type } from '@sinclair/typebox';
import { SubscriberRecordSchema } from '../provisioning/subscriber';
import { newTaskProblems, NewTaskSchema } from '../tasks/task';
import { discriminatedValidatorFor, Validated } from '../validation';
import { DIAGNOSTIC_TYPES } from '../diagnostics/diagnostic-inputs';

/**
 * Commands from OSS/BSS on `acs.commands` (public, in), keyed by command id. The caller chooses
 * `commandId`; the platform executes a command at most once per id however often it is
 * delivered, and answers each delivery on `acs.command-results` under the same id. Unknown
 * fields are refused: a misspelt field must not be silently ignored.
 */
const base = {
  schemaVersion: Type.Literal(1),
  /** The caller's id: the idempotency key, and the key of the result. */
  commandId: Type.String({ minLength: 1, maxLength: 128 }),
  /** ISO 8601, when the caller issued it (for the caller's own tracing; not interpreted). */
  issuedAt: Type.Optional(Type.String({ minLength: 20, maxLength: 64 })),
};

const DeviceIdSchema = Type.String({ minLength: 1, maxLength: 256 });
const TagSchema = Type.String({ minLength: 1, maxLength: 128 });

/** Queue a task for a device, as the operator API's POST /devices/{id}/tasks does. */
export const CreateTaskCommandSchema = Type.Object(
  {
    ...base,
    type: Type.Literal('createTask'),
    deviceId: DeviceIdSchema,
    task: NewTaskSchema,
  },
  { additionalProperties: false },
);

/**
 * Run a TR-143 diagnostic on a known device that has it, as the operator API's
 * POST /devices/{id}/diagnostics/{diagnostic} does; `inputs` are that diagnostic's (checked
 * against its schema and the device's data model when the command runs). The result's `runId`
 * is the run's task id.
 */
export const RunDiagnosticCommandSchema = Type.Object(
  {
    ...base,
    type: Type.Literal('runDiagnostic'),
    deviceId: DeviceIdSchema,
    diagnostic: Type.Union(DIAGNOSTIC_TYPES.map((type) => Type.Literal(type))),
    inputs: Type.Record(Type.String(), Type.Unknown()),
    connectionRequest: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

/** Add and remove tags on known devices (a tag in both lists ends up present). */
export const SetTagsCommandSchema = Type.Object(
  {
    ...base,
    type: Type.Literal('setTags'),
    deviceIds: Type.Array(DeviceIdSchema, { minItems: 1, maxItems: 1000, uniqueItems: true }),
    add: Type.Array(TagSchema, { maxItems: 100 }),
    remove: Type.Array(TagSchema, { maxItems: 100 }),
  },
  { additionalProperties: false },
);

/** Store subscriber records (all or none), each replacing the record of its subscriberId. */
export const LoadSubscribersCommandSchema = Type.Object(
  {
    ...base,
    type: Type.Literal('loadSubscribers'),
    records: Type.Array(SubscriberRecordSchema, { minItems: 1, maxItems: 1000 }),
  },
  { additionalProperties: false },
);

/**
 * Give one known device a service profile: its subscriber record gets `profile` =
 * configurationId (and `data`, replacing the record's, when given). A device without a record
 * gets one, with subscriberId `device:<deviceId>`.
 */
export const ApplyProfileCommandSchema = Type.Object(
  {
    ...base,
    type: Type.Literal('applyProfile'),
    deviceId: DeviceIdSchema,
    configurationId: Type.String({ minLength: 1, maxLength: 128 }),
    data: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { additionalProperties: false },
);

/** Ask a known device to open a session now (a TR-069 connection request). */
export const ConnectionRequestCommandSchema = Type.Object(
  {
    ...base,
    type: Type.Literal('connectionRequest'),
    deviceId: DeviceIdSchema,
  },
  { additionalProperties: false },
);

/** What an OSS (acs.commands) or an operator (the API's actions) may do to a campaign's course. */
export const CampaignControlActionSchema = Type.Union([
  Type.Literal('start'),
  Type.Literal('pause'),
  Type.Literal('resume'),
  Type.Literal('cancel'),
]);

/** Start, pause, resume or cancel a firmware campaign (as the operator API's actions do). */
export const ControlCampaignCommandSchema = Type.Object(
  {
    ...base,
    type: Type.Literal('controlCampaign'),
    campaignId: Type.String({ minLength: 1, maxLength: 64 }),
    action: CampaignControlActionSchema,
    note: Type.Optional(Type.String({ maxLength: 1024 })),
  },
  { additionalProperties: false },
);

const members = {
  createTask: CreateTaskCommandSchema,
  runDiagnostic: RunDiagnosticCommandSchema,
  setTags: SetTagsCommandSchema,
  loadSubscribers: LoadSubscribersCommandSchema,
  applyProfile: ApplyProfileCommandSchema,
  connectionRequest: ConnectionRequestCommandSchema,
  controlCampaign: ControlCampaignCommandSchema,
};

/** The schema of each command type, by type: what the JSON Schema export writes one file for. */
export const ACS_COMMAND_SCHEMAS = members;
export const AcsCommandSchema = Type.Union(Object.values(members));
export const ACS_COMMAND_TYPES = Object.keys(members) as AcsCommandType[];

export type CreateTaskCommand = Static<typeof CreateTaskCommandSchema>;
export type RunDiagnosticCommand = Static<typeof RunDiagnosticCommandSchema>;
export type SetTagsCommand = Static<typeof SetTagsCommandSchema>;
export type LoadSubscribersCommand = Static<typeof LoadSubscribersCommandSchema>;
export type ApplyProfileCommand = Static<typeof ApplyProfileCommandSchema>;
export type ConnectionRequestCommand = Static<typeof ConnectionRequestCommandSchema>;
export type ControlCampaignCommand = Static<typeof ControlCampaignCommandSchema>;
export type AcsCommand =
  | CreateTaskCommand
  | RunDiagnosticCommand
  | SetTagsCommand
  | LoadSubscribersCommand
  | ApplyProfileCommand
  | ConnectionRequestCommand
  | ControlCampaignCommand;
export type AcsCommandType = AcsCommand['type'];

const commandValidator = discriminatedValidatorFor('type', members);

/** Checks a command as received; errors name the field (`/task/payload/parameterNames: ...`). */
export function validateAcsCommand(value: unknown): Validated<AcsCommand> {
  const validated = commandValidator(value) as Validated<AcsCommand>;
  if (!validated.ok || validated.value.type !== 'createTask') return validated;
  // The checks beyond the schema, as the API makes them.
  const problems = newTaskProblems(validated.value.task);
  return problems.length === 0
    ? validated
    : { ok: false, errors: problems.map((error) => `/task${error}`) };
}
