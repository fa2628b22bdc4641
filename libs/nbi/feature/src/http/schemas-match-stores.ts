/**
 * Compile-time checks that the API's response schemas describe what the stores return: a field
 * added to a store type without its schema (or the reverse) fails the type check, before a
 * client meets an undocumented field.
 */
import type { Static } from '@sinclair/typebox';
import type { ConnectionRequestInfo, DeviceFault, StoredDevice } from '@acs/device-store';
import type { ApiKey, AuditEntry } from '@acs/nbi-data-access';
import type { ConfigurationPreview } from '@acs/provisioning-use-cases';
import type {
  ApiKeySchema,
  AuditEntrySchema,
  DeviceSchema,
  FaultSchema,
  ProjectedDeviceSchema,
} from './schemas';
import type { FirmwareImageSchema } from './firmware-schemas';
import type { ConfigurationPreviewSchema } from './provisioning-schemas';
import type { imageView } from '../use-cases/firmware-operations';

/** Objects flattened, recursively, so an intersection compares equal to the same plain object. */
type Flat<T> = T extends object ? { [K in keyof T]: Flat<T[K]> } : T;
/** Exact equality, optional fields included (mutual assignability would let one go missing). */
type Same<A, B> =
  (<T>() => T extends Flat<A> ? 1 : 2) extends <T>() => T extends Flat<B> ? 1 : 2 ? true : false;
type Assert<T extends true> = T;
/** Readonly dropped at every depth: the catalogue's types are readonly, JSON has no such thing. */
type Mutable<T> = T extends object ? { -readonly [K in keyof T]: Mutable<T[K]> } : T;

/** A device as the API shows it: the connection-request password stays in the store. */
type DeviceView = Omit<StoredDevice, 'connectionRequest'> & {
  connectionRequest: Omit<ConnectionRequestInfo, 'password'>;
};

export type DeviceSchemaMatchesStore = Assert<Same<Static<typeof DeviceSchema>, DeviceView>>;
export type ProjectedDeviceSchemaMatchesStore = Assert<
  Same<Static<typeof ProjectedDeviceSchema>, Pick<DeviceView, 'deviceId'> & Partial<DeviceView>>
>;
export type FaultSchemaMatchesStore = Assert<Same<Static<typeof FaultSchema>, DeviceFault>>;
export type AuditEntrySchemaMatchesStore = Assert<
  Same<Static<typeof AuditEntrySchema>, AuditEntry>
>;
export type ApiKeySchemaMatchesStore = Assert<Same<Static<typeof ApiKeySchema>, ApiKey>>;

/** An image as the API answers it (imageView): the catalogue's, times as text, no file id. */
export type FirmwareImageSchemaMatchesView = Assert<
  Same<Static<typeof FirmwareImageSchema>, Mutable<ReturnType<typeof imageView>>>
>;

/** A preview as the use case makes it. */
export type ConfigurationPreviewSchemaMatchesUseCase = Assert<
  Same<Static<typeof ConfigurationPreviewSchema>, ConfigurationPreview>
>;
