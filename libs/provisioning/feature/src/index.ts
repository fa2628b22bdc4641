export * from './ports';
export * from './settings';
export { Provisioning } from './provisioning';
export { StoredPresetSource } from './presets/stored-preset-source';
export { isPeriodicOnly } from './conductor/periodic';
export { ProvisioningModule } from './provisioning.module';
export type { ProvisioningModuleOptions } from './provisioning.module';
export {
  taskStoreMarkingWork,
  inventoryWritesMarkingWork,
  subscriberStoreMarkingWork,
} from './pending-work/marking-stores';
export {
  provisioningSettingsFromEnv,
  connectionRequestSettingsFromEnv,
  ossSubscriberEndpointFromEnv,
} from './provisioning-config';
export * from './commands';
export * from './connection-requests';
export { OssSubscriberLookup, subscriberLookup } from './subscribers/oss-subscriber-lookup';
export type { OssEndpointSettings } from './subscribers/oss-subscriber-lookup';
export * from './metrics';
export {
  derivedConnectionRequestCredentials,
  type ConnectionRequestCredentials,
  type ConnectionRequestCredentialSource,
} from './conductor/convergence/connection-request-credentials';
