export { NbiModule } from './nbi.module';
export type {
  NbiModuleOptions,
  NbiModuleAsyncOptions,
  NbiStoreSet,
  NbiProvisioningStores,
} from './nbi.module';
export type { ProvisioningChange, ProvisioningChangeHook } from './use-cases/provisioning-change';
export type { NbiFirmwareOptions } from './use-cases/firmware-operations';
export type {
  NbiConnectionRequests,
  NbiWakeOutcome,
} from './use-cases/connection-request-use-cases';
export { createNbiApp, DEFAULT_NBI_PORT } from './bootstrap/create-nbi-app';
export type { CreateNbiAppOptions, NbiApp } from './bootstrap/create-nbi-app';
export { ensureAdminKey } from './bootstrap/ensure-admin-key';
export { buildOpenApiDocument } from './openapi/openapi-document';
export { ROUTES } from './http/routes';
export { MAX_TASK_WAIT_SECONDS } from './http/schemas';
export { PROVISIONING_ROUTES } from './http/provisioning-routes';
export { API_PREFIX } from './http/endpoint';
export { DEVICE_STORE, TASK_STORE, API_KEY_STORE, AUDIT_LOG, CONNECTION_REQUESTS } from './tokens';
export { NbiMetrics, nbiHttpMetrics, timedNbiStores } from './metrics/nbi-metrics';
export { nbiOidcSettingsEnv, oidcSettingsOf, OIDC_ALGORITHMS } from './auth/oidc/oidc-settings';
export type { OidcSettings } from './auth/oidc/oidc-settings';
export { nbiTransportSettingsEnv, nbiTransportOf, isLoopbackHost } from './transport/nbi-transport';
export type { NbiTransport, NbiTransportEnvSettings } from './transport/nbi-transport';
export { listenNbi, nbiServerOptions } from './transport/listen-nbi';
export type { NbiListenOptions, NbiListening } from './transport/listen-nbi';
export type { NbiLog } from './transport/nbi-log';
export { nbiLimitsSettingsEnv, nbiLimitsOf } from './limits/nbi-limits';
export type { NbiLimits, RateBudget } from './limits/nbi-limits';
