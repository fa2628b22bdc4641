export {
  assertFileId,
  FileStoreError,
  type ByteRange,
  type FileStore,
  type FileStoreErrorCode,
  type PutExpectations,
  type StoredFile,
} from './file-store/file-store';
export { DigestingPassThrough } from './file-store/digesting-sink';
export { DirectoryFileStore } from './file-store/directory-file-store';
export type { UploadRecord, UploadRecords } from './uploads/upload-records';
export { EmbeddedUploadRecords } from './uploads/embedded-upload-records';
export { MongoUploadRecords } from './uploads/mongo-upload-records';
export {
  DEFAULT_CHUNK_BYTES,
  GridFsFileStore,
  type GridFsOptions,
} from './file-store/gridfs-file-store';
export * from './images/image-store';
export { EmbeddedImageStore, FIRMWARE_DATABASE_FILE } from './images/embedded-image-store';
export { MongoImageStore } from './images/mongo-image-store';
export * from './firmware-stores';
export {
  DeviceStoreFacts,
  type DeviceFactsSource,
  type MatchedDevices,
  type TargetDevice,
} from './devices/device-facts';
export {
  DEFAULT_MAX_IMAGE_BYTES,
  DEFAULT_MAX_UPLOAD_BYTES,
  fileServerSettingsEnv,
  firmwareLinkSettingsEnv,
  firmwareSettingsEnv,
} from './firmware-settings';
export * from './campaigns/campaign-store';
export { EmbeddedCampaignStore } from './campaigns/embedded-campaign-store';
export { MongoCampaignStore } from './campaigns/mongo-campaign-store';
export type {
  BackupPolicy,
  BackupPolicySpec,
  BackupPolicyStore,
} from './backups/backup-policy-store';
