import { Static, Type } from '@sinclair/typebox';
import { validatorFor, Validated } from '../validation';
import { ACS_COMMAND_TYPES } from './acs-commands';

/**
 * Results on `acs.command-results` (public, out), keyed by command id: one per delivery of a
 * command.
 * - `succeeded`: it was executed; `result` says what it did.
 * - `failed`: it was executed and refused by the platform (`error.code`: `device-not-found`,
 *   `configuration-not-found`, `invalid-tags`, `invalid-subscriber-records`,
 *   `connection-request-failed`, `campaign-not-found`, `campaign-state-conflict`,
 *   `campaigns-unavailable`, `internal-error`); nothing stored changed.
 * - `rejected`: it was not a valid command (`error.code` `invalid-command`, `error.details` the
 *   offending fields); nothing was executed and the id stays unused.
 * - `duplicate`: the id had been executed before, so it was not executed again; `original` is
 *   the first execution's outcome once that one completed.
 */
export const COMMAND_RESULT_STATUSES = ['succeeded', 'failed', 'rejected', 'duplicate'] as const;
export type CommandResultStatus = (typeof COMMAND_RESULT_STATUSES)[number];

/** Error codes of failed and rejected results (and of a duplicate whose original never ended). */
export const COMMAND_ERROR_CODES = [
  'invalid-command',
  'device-not-found',
  'configuration-not-found',
  'diagnostic-unsupported',
  'invalid-diagnostic-inputs',
  'invalid-tags',
  'invalid-subscriber-records',
  'connection-request-failed',
  'campaign-not-found',
  'campaign-state-conflict',
  'campaigns-unavailable',
  'internal-error',
  'outcome-unknown',
] as const;
export type CommandErrorCode = (typeof COMMAND_ERROR_CODES)[number];

export const CommandErrorSchema = Type.Object(
  {
    code: Type.Union(COMMAND_ERROR_CODES.map((code) => Type.Literal(code))),
    message: Type.String(),
    /** For `invalid-command`: each offending field with what is wrong with it. */
    details: Type.Optional(Type.Array(Type.String())),
  },
  { additionalProperties: false },
);
export type CommandError = Static<typeof CommandErrorSchema>;

const outcome = {
  status: Type.Union(COMMAND_RESULT_STATUSES.map((status) => Type.Literal(status))),
  /** ISO 8601. */
  completedAt: Type.String({ minLength: 20 }),
  /** What the command did (per type: `{ taskId }`, `{ matched }`, `{ upserted }`, ...). */
  result: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  error: Type.Optional(CommandErrorSchema),
};

/** A command's type as given; `unknown` when a rejected command named none we know. */
const commandType = Type.Union([
  ...ACS_COMMAND_TYPES.map((type) => Type.Literal(type)),
  Type.Literal('unknown'),
]);

export const AcsCommandResultSchema = Type.Object(
  {
    schemaVersion: Type.Literal(1),
    commandId: Type.String({ minLength: 1, maxLength: 128 }),
    type: commandType,
    ...outcome,
    /** On `duplicate`: how the first execution ended (absent while it has not ended). */
    original: Type.Optional(Type.Object(outcome, { additionalProperties: false })),
  },
  { additionalProperties: false },
);
export type AcsCommandResult = Static<typeof AcsCommandResultSchema>;
/** What a duplicate carries of the first execution. */
export type CommandOutcome = NonNullable<AcsCommandResult['original']>;

const resultValidator = validatorFor(AcsCommandResultSchema);

export function validateAcsCommandResult(value: unknown): Validated<AcsCommandResult> {
  return resultValidator(value);
}
