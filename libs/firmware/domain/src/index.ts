export * from './download-access';
export {
  compareVersions,
  sameVersion,
  versionTokens,
  type VersionOrder,
} from './versions/compare-versions';
export {
  InvalidVersionConstraintError,
  parseVersionConstraint,
  type VersionConstraint,
} from './versions/version-constraint';
export { globMatcher } from './rules/glob';
export {
  installRefusal,
  rulesMatchModel,
  type ApplicabilityRules,
  type DeviceFacts,
  type DeviceModel,
  type NotApplicableReason,
} from './rules/applicability';
export {
  CWMP_DOWNLOAD_FILE_TYPES,
  FIRMWARE_UPGRADE_IMAGE,
  fileTypeProblem,
  isFirmwareImage,
  MAX_FILE_TYPE_LENGTH,
} from './images/file-type';
export {
  imageMetadataProblems,
  METADATA_LIMITS,
  type ImageMetadata,
  type MetadataProblem,
} from './images/image-metadata';
export {
  chooseImage,
  imagesMatchingNoDevice,
  previousImage,
  type CandidateImage,
  type ChoiceOptions,
  type ImageChoice,
  type NoImageReason,
} from './images/select-image';
export * from './campaigns';
