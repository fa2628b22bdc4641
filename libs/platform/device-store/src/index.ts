export * from './device-store';
export {
  InvalidFilterError,
  FILTER_LIMITS,
  validateFilter,
  validateProjection,
  validateSort,
  validateDeviceQuery,
} from './query-filter';
export type { InvalidFilterCode } from './query-filter';
export {
  changedTags,
  InvalidDeviceUpdateError,
  InvalidTagsError,
  MAX_TAG_LENGTH,
  tooManyTags,
  validateTagChange,
} from './update-validation';
export { isParameterPath, SUMMARY_FIELDS } from './query/fields';
export { deviceMatches } from './query/matcher';
export type { SummaryField, SortField } from './query/fields';
export { EmbeddedDeviceStore, EMBEDDED_STORE_FILE } from './embedded/embedded-device-store';
export type { EmbeddedDeviceStoreOptions } from './embedded/embedded-device-store';
export { UnsupportedSchemaError } from './embedded/schema';
export { MongoDeviceStore } from './mongo/mongo-device-store';
export { mongoSettingsEnv } from './mongo/mongo-settings';
export type { MongoDeviceStoreOptions } from './mongo/mongo-device-store';
export { DEFAULT_INDEXED_PARAMETERS } from './mongo/documents';
/** For adapter specs (runs under Jest): the behaviour every DeviceStore must have. */
export { describeDeviceStoreContract } from './device-store.contract';
export type { ContractStoreOptions, DeviceStoreFactory } from './device-store.contract';
export { secretsOpened, type SecretsOpenedLog } from './secrets-opened';
