export {
  assertGrantSecrets,
  type GrantCheck,
  type GrantDenial,
  type GrantSecrets,
} from './grant-secrets';
export {
  DOWNLOAD_PATH_PREFIX,
  signedDownloadPath,
  verifyDownloadGrant,
  type DownloadGrant,
} from './download-grant';
export {
  isUploadId,
  newUploadId,
  UPLOAD_PATH_PREFIX,
  uploadCredentials,
  verifyUploadGrant,
  type UploadCredentials,
  type UploadGrant,
} from './upload-grant';
