import { Static, Type } from '@sinclair/typebox';
import { discriminatedValidatorFor, Validated } from '../validation';

/**
 * The firmware service's events on `acs.events` (public): a campaign's course, keyed by campaign
 * id, and each device's outcome, keyed by device id. Ids derive from what caused them (the
 * campaign's revision, the device's attempt), so a repeated publish repeats the id.
 */
const base = {
  schemaVersion: Type.Literal(1),
  eventId: Type.String({ minLength: 1 }),
  occurredAt: Type.String({ minLength: 20 }),
  campaignId: Type.String({ minLength: 1 }),
};

const FailureClassSchema = Type.Union([
  Type.Literal('confirmed'),
  Type.Literal('unconfirmed'),
  Type.Literal('any'),
]);

/** A campaign's stop rule, as its plan gives it. */
export const StopRuleSchema = Type.Union([
  Type.Object(
    {
      kind: Type.Literal('count'),
      failures: FailureClassSchema,
      atLeast: Type.Integer({ minimum: 1 }),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      kind: Type.Literal('ratio'),
      failures: FailureClassSchema,
      over: Type.Integer({ minimum: 1 }),
      atLeast: Type.Number({ exclusiveMinimum: 0, maximum: 1 }),
    },
    { additionalProperties: false },
  ),
]);

export const CampaignStartedSchema = Type.Object({
  ...base,
  type: Type.Literal('CampaignStarted'),
  name: Type.String(),
  targetVersion: Type.String({ minLength: 1 }),
  /** Devices per wave, the canary first when there is one. */
  waveSizes: Type.Array(Type.Integer({ minimum: 1 })),
});

export const CampaignPausedSchema = Type.Object({
  ...base,
  type: Type.Literal('CampaignPaused'),
  pausedBy: Type.Union([Type.Literal('operator'), Type.Literal('rule'), Type.Literal('deadline')]),
  /** The stop rule that fired, with what was seen and the failed devices behind it. */
  rule: Type.Optional(StopRuleSchema),
  observed: Type.Optional(Type.String()),
  devices: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
});

export const CampaignResumedSchema = Type.Object({
  ...base,
  type: Type.Literal('CampaignResumed'),
});

export const CampaignCompletedSchema = Type.Object({
  ...base,
  type: Type.Literal('CampaignCompleted'),
  state: Type.Union([
    Type.Literal('completed'),
    Type.Literal('completed_with_failures'),
    Type.Literal('cancelled'),
  ]),
  confirmed: Type.Integer({ minimum: 0 }),
  failed: Type.Integer({ minimum: 0 }),
  excluded: Type.Integer({ minimum: 0 }),
  /** Devices without a verdict (a cancelled campaign's that never got their turn). */
  notReached: Type.Integer({ minimum: 0 }),
  /** Devices an operator's rollback brought back, and those it did not. */
  rolledBack: Type.Optional(Type.Integer({ minimum: 0 })),
  rollbackFailed: Type.Optional(Type.Integer({ minimum: 0 })),
});

const deviceBase = { ...base, deviceId: Type.String({ minLength: 1 }) };

export const DeviceFirmwareConfirmedSchema = Type.Object({
  ...deviceBase,
  type: Type.Literal('DeviceFirmwareConfirmed'),
  version: Type.String({ minLength: 1 }),
  attempts: Type.Integer({ minimum: 1 }),
});

export const DeviceFirmwareFailedSchema = Type.Object({
  ...deviceBase,
  type: Type.Literal('DeviceFirmwareFailed'),
  /** confirmed: the device reported it; unconfirmed: it said nothing in time. */
  failureKind: Type.Union([Type.Literal('confirmed'), Type.Literal('unconfirmed')]),
  /** A CWMP fault code (`9010`) or what happened (`version-unchanged`, `no-transfer-complete`). */
  code: Type.String({ minLength: 1 }),
  message: Type.String(),
  attempts: Type.Integer({ minimum: 0 }),
});

const RollbackMethodSchema = Type.Union([Type.Literal('bank-switch'), Type.Literal('downgrade')], {
  description:
    'bank-switch: BootFirmwareImage set to the bank holding the previous image, then a reboot; ' +
    'downgrade: a Download of the previous version',
});

/** An operator's rollback brought the device back to what it ran before the campaign. */
export const DeviceFirmwareRolledBackSchema = Type.Object({
  ...deviceBase,
  type: Type.Literal('DeviceFirmwareRolledBack'),
  method: RollbackMethodSchema,
  /** What it ran when the rollback began, when the device said (its active bank). */
  fromVersion: Type.Optional(Type.String({ minLength: 1 })),
  /** What it runs now: the version it ran when the campaign was made. */
  toVersion: Type.String({ minLength: 1 }),
  /** bank-switch: the FirmwareImage bank it booted. */
  bank: Type.Optional(Type.String({ minLength: 1 })),
});

/** An operator's rollback did not bring the device back. */
export const DeviceFirmwareRollbackFailedSchema = Type.Object({
  ...deviceBase,
  type: Type.Literal('DeviceFirmwareRollbackFailed'),
  /** Absent when it failed before a method was chosen. */
  method: Type.Optional(RollbackMethodSchema),
  /** A CWMP fault code, or what happened (`no-previous-image`, `wrong-version`, `no-return`). */
  code: Type.String({ minLength: 1 }),
  message: Type.String(),
});

/** Campaign events, keyed by campaign id. */
export const CAMPAIGN_EVENT_SCHEMAS = {
  CampaignStarted: CampaignStartedSchema,
  CampaignPaused: CampaignPausedSchema,
  CampaignResumed: CampaignResumedSchema,
  CampaignCompleted: CampaignCompletedSchema,
};

/** Device outcomes of a campaign, keyed by device id. */
export const DEVICE_FIRMWARE_EVENT_SCHEMAS = {
  DeviceFirmwareConfirmed: DeviceFirmwareConfirmedSchema,
  DeviceFirmwareFailed: DeviceFirmwareFailedSchema,
  DeviceFirmwareRolledBack: DeviceFirmwareRolledBackSchema,
  DeviceFirmwareRollbackFailed: DeviceFirmwareRollbackFailedSchema,
};

export const FIRMWARE_EVENT_SCHEMAS = {
  ...CAMPAIGN_EVENT_SCHEMAS,
  ...DEVICE_FIRMWARE_EVENT_SCHEMAS,
};

export const FirmwareEventSchema = Type.Union(Object.values(FIRMWARE_EVENT_SCHEMAS));
export type FirmwareEvent = Static<typeof FirmwareEventSchema>;
export type CampaignEvent = Extract<FirmwareEvent, { type: keyof typeof CAMPAIGN_EVENT_SCHEMAS }>;
export type DeviceFirmwareEvent = Extract<
  FirmwareEvent,
  { type: keyof typeof DEVICE_FIRMWARE_EVENT_SCHEMAS }
>;

export const validateFirmwareEvent = discriminatedValidatorFor('type', FIRMWARE_EVENT_SCHEMAS) as (
  value: unknown,
) => Validated<FirmwareEvent>;
