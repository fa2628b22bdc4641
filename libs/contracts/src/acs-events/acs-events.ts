import { Static, Type } from '@sinclair/typebox';
import { discriminatedValidatorFor, Validated } from '../validation';

/**
 * Device lifecycle events on `acs.events` (public, for OSS/BSS), keyed by device id and published
 * by inventory. Delivery is at least once: a consumer deduplicates by `eventId`, which inventory
 * derives from the session event it learned from, so a redelivered session event yields the same
 * ids again rather than new events.
 */
const lifecycleBase = {
  schemaVersion: Type.Literal(1),
  /** Stable across redelivery: the idempotency key of every consumer. */
  eventId: Type.String({ minLength: 1 }),
  deviceId: Type.String({ minLength: 1 }),
  /** ISO 8601: when it happened (the gateway's time of the Inform, or when the device was due). */
  occurredAt: Type.String({ minLength: 20 }),
  /** The `cwmp.session-events` event it was learned from; absent for went-offline. */
  sourceEventId: Type.Optional(Type.String({ minLength: 1 })),
};

const dataModelRoot = Type.Union([
  Type.Literal('Device.'),
  Type.Literal('InternetGatewayDevice.'),
  Type.Null(),
]);

/** A parameter value as inventory stores it: xsd numbers as numbers, 64-bit integers as strings. */
export const ParameterValueDataSchema = Type.Union([
  Type.String(),
  Type.Number(),
  Type.Boolean(),
  Type.Null(),
]);

/** Inform event codes, e.g. `1 BOOT` with `M Reboot` when the ACS asked for the reboot. */
const eventCodes = Type.Array(Type.String({ minLength: 1 }));

export const DeviceRegisteredSchema = Type.Object({
  ...lifecycleBase,
  type: Type.Literal('DeviceRegistered'),
  oui: Type.String({ minLength: 1 }),
  productClass: Type.String(),
  serialNumber: Type.String({ minLength: 1 }),
  manufacturer: Type.String(),
  dataModelRoot,
});

export const DeviceBootedSchema = Type.Object({
  ...lifecycleBase,
  type: Type.Literal('DeviceBooted'),
  eventCodes,
  /** DeviceInfo.SoftwareVersion as the boot Inform reported it (a firmware upgrade's verdict). */
  softwareVersion: Type.Optional(Type.String()),
});

export const DeviceBootstrappedSchema = Type.Object({
  ...lifecycleBase,
  type: Type.Literal('DeviceBootstrapped'),
  eventCodes,
});

export const ParameterChangeSchema = Type.Object({
  path: Type.String({ minLength: 1 }),
  oldValue: ParameterValueDataSchema,
  newValue: ParameterValueDataSchema,
});

/** Values that differ from what inventory knew; a value learned for the first time is no change. */
export const DeviceParametersChangedSchema = Type.Object({
  ...lifecycleBase,
  type: Type.Literal('DeviceParametersChanged'),
  changes: Type.Array(ParameterChangeSchema, { minItems: 1 }),
});

export const DeviceCameOnlineSchema = Type.Object({
  ...lifecycleBase,
  type: Type.Literal('DeviceCameOnline'),
  /** Until when it counts as online without another Inform. */
  onlineUntil: Type.String({ minLength: 20 }),
});

export const DeviceWentOfflineSchema = Type.Object({
  ...lifecycleBase,
  type: Type.Literal('DeviceWentOffline'),
  lastInform: Type.String({ minLength: 20 }),
});

export const PostureFindingSchema = Type.Object({
  /** Stable id, e.g. `acs-url-http`; the device carries the tag `posture:<id>` meanwhile. */
  id: Type.String({ minLength: 1 }),
  severity: Type.Union([
    Type.Literal('low'),
    Type.Literal('medium'),
    Type.Literal('high'),
    Type.Literal('critical'),
  ]),
  /** The values the finding rests on (never a secret's value). */
  evidence: Type.Record(
    Type.String(),
    Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Array(Type.String())]),
  ),
});

/** The device's security posture got worse: a finding appeared, or one's severity rose. */
export const DevicePostureWorsenedSchema = Type.Object({
  ...lifecycleBase,
  type: Type.Literal('DevicePostureWorsened'),
  /** The new or worse findings. */
  worsened: Type.Array(PostureFindingSchema, { minItems: 1 }),
  /** Every finding the device has now, most severe first. */
  findings: Type.Array(PostureFindingSchema, { minItems: 1 }),
});

/** Each event's schema by its `type`. */
export const DEVICE_LIFECYCLE_EVENT_SCHEMAS = {
  DeviceRegistered: DeviceRegisteredSchema,
  DeviceBooted: DeviceBootedSchema,
  DeviceBootstrapped: DeviceBootstrappedSchema,
  DeviceParametersChanged: DeviceParametersChangedSchema,
  DeviceCameOnline: DeviceCameOnlineSchema,
  DeviceWentOffline: DeviceWentOfflineSchema,
  DevicePostureWorsened: DevicePostureWorsenedSchema,
};

export const DeviceLifecycleEventSchema = Type.Union(Object.values(DEVICE_LIFECYCLE_EVENT_SCHEMAS));

export const DEVICE_LIFECYCLE_EVENT_TYPES = Object.keys(DEVICE_LIFECYCLE_EVENT_SCHEMAS) as Array<
  keyof typeof DEVICE_LIFECYCLE_EVENT_SCHEMAS
>;

export type DeviceRegistered = Static<typeof DeviceRegisteredSchema>;
export type DeviceBooted = Static<typeof DeviceBootedSchema>;
export type DeviceBootstrapped = Static<typeof DeviceBootstrappedSchema>;
export type ParameterChange = Static<typeof ParameterChangeSchema>;
export type DeviceParametersChanged = Static<typeof DeviceParametersChangedSchema>;
export type DeviceCameOnline = Static<typeof DeviceCameOnlineSchema>;
export type DeviceWentOffline = Static<typeof DeviceWentOfflineSchema>;
export type DevicePostureWorsened = Static<typeof DevicePostureWorsenedSchema>;
export type DeviceLifecycleEvent =
  | DeviceRegistered
  | DeviceBooted
  | DeviceBootstrapped
  | DeviceParametersChanged
  | DeviceCameOnline
  | DeviceWentOffline
  | DevicePostureWorsened;

export const validateDeviceLifecycleEvent = discriminatedValidatorFor(
  'type',
  DEVICE_LIFECYCLE_EVENT_SCHEMAS,
) as (value: unknown) => Validated<DeviceLifecycleEvent>;
