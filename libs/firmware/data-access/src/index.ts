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
