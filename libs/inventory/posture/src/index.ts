export { assessPosture, POSTURE_FINDINGS, severityRank } from './assess-posture';
export type { PostureFindingId } from './assess-posture';
export { DEFAULT_CREDENTIALS } from './default-credentials';
export type { DefaultCredential } from './default-credentials';
export { POSTURE_PARAMETERS, posturePaths } from './posture-facts';
export type { CpeAuthentication, PostureFacts } from './posture-facts';
export {
  POSTURE_TAG_PREFIX,
  postureTag,
  postureTagChanges,
  postureWorsening,
  samePosture,
} from './posture-changes';
export { concernsPosture, factsAfterLearning } from './facts-after-learning';
export type { KnownForPosture } from './facts-after-learning';
export { PostureSummary } from './posture-summary';
export type { DevicePostureOfModel, PostureSummaryRow } from './posture-summary';
