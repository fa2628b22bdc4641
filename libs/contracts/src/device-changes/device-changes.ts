import { Static, Type } from '@sinclair/typebox';
import { discriminatedValidatorFor, Validated } from '../validation';

/**
 * Changes to device documents asked of inventory, their one owner, by the other contexts
 * (provisioning's tags, faults and connection-request records; the operator API's tags, fault
 * clears and deletes), on `cwmp.device-changes`, keyed by device id so one device's changes apply
 * in the order they were made. Inventory applies each at most once in effect: faults and events
 * by `changeId`, tags and deletes because doing them again changes nothing.
 */
const changeBase = {
  schemaVersion: Type.Literal(1),
  /** Unique per change; the id the stored fault or event takes. */
  changeId: Type.String({ minLength: 1, maxLength: 512 }),
  deviceId: Type.String({ minLength: 1, maxLength: 512 }),
  /** ISO 8601, when the writer made the change. */
  occurredAt: Type.String({ minLength: 20 }),
};

const TagSchema = Type.String({ minLength: 1, maxLength: 128 });

export const TagsChangedSchema = Type.Object({
  ...changeBase,
  type: Type.Literal('TagsChanged'),
  add: Type.Array(TagSchema, { maxItems: 100 }),
  remove: Type.Array(TagSchema, { maxItems: 100 }),
});

export const FaultRecordedSchema = Type.Object({
  ...changeBase,
  type: Type.Literal('FaultRecorded'),
  /** CWMP fault code or a platform code (`not-converging`, `template`, ...). */
  code: Type.String({ minLength: 1, maxLength: 64 }),
  message: Type.String({ maxLength: 4096 }),
  source: Type.String({ maxLength: 1024 }),
});

export const EventRecordedSchema = Type.Object({
  ...changeBase,
  type: Type.Literal('EventRecorded'),
  /** e.g. `connection-request`. */
  kind: Type.String({ minLength: 1, maxLength: 64 }),
  detail: Type.Record(Type.String(), Type.Unknown()),
});

export const FaultClearedSchema = Type.Object({
  ...changeBase,
  type: Type.Literal('FaultCleared'),
  faultId: Type.String({ minLength: 1, maxLength: 512 }),
});

export const DeviceDeletedSchema = Type.Object({
  ...changeBase,
  type: Type.Literal('DeviceDeleted'),
});

export const DeviceChangeSchema = Type.Union([
  TagsChangedSchema,
  FaultRecordedSchema,
  EventRecordedSchema,
  FaultClearedSchema,
  DeviceDeletedSchema,
]);

export type TagsChanged = Static<typeof TagsChangedSchema>;
export type FaultRecorded = Static<typeof FaultRecordedSchema>;
export type EventRecorded = Static<typeof EventRecordedSchema>;
export type FaultCleared = Static<typeof FaultClearedSchema>;
export type DeviceDeleted = Static<typeof DeviceDeletedSchema>;
export type DeviceChange = Static<typeof DeviceChangeSchema>;

export const validateDeviceChange = discriminatedValidatorFor('type', {
  TagsChanged: TagsChangedSchema,
  FaultRecorded: FaultRecordedSchema,
  EventRecorded: EventRecordedSchema,
  FaultCleared: FaultClearedSchema,
  DeviceDeleted: DeviceDeletedSchema,
}) as (value: unknown) => Validated<DeviceChange>;
