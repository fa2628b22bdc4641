export * from './errors';
export type * from './ports';
export { CreateTask } from './create-task';
export type { CreateTaskPorts, CreatedTask } from './create-task';
export { SetTags } from './set-tags';
export type { SetTagsInput, SetTagsPorts, TagTarget } from './set-tags';
export { LoadSubscribers } from './load-subscribers';
export type { LoadSubscribersPorts } from './load-subscribers';
export { ApplyProfile } from './apply-profile';
export type { ApplyProfileInput, ApplyProfilePorts } from './apply-profile';
export { RequestConnection } from './request-connection';
export type { RequestConnectionPorts } from './request-connection';
export { PreviewConfiguration } from './preview-configuration';
export type {
  ConfigurationPreview,
  PreviewConfigurationPorts,
  PreviewedParameter,
} from './preview-configuration';
export {
  RequestDiagnostic,
  DiagnosticRuns,
  CancelDiagnostic,
  diagnosticRunOf,
  diagnosticRunFinished,
} from './diagnostics';
export type { RequestDiagnosticInput } from './diagnostics';
