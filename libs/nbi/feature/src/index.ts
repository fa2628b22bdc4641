export { NbiModule } from './nbi.module';
export type { NbiModuleOptions, NbiModuleAsyncOptions, NbiStoreSet } from './nbi.module';
export { createNbiApp, DEFAULT_NBI_PORT } from './bootstrap/create-nbi-app';
export type { CreateNbiAppOptions, NbiApp } from './bootstrap/create-nbi-app';
export { ensureAdminKey } from './bootstrap/ensure-admin-key';
export { buildOpenApiDocument } from './openapi/openapi-document';
export { ROUTES } from './http/routes';
export { API_PREFIX } from './http/endpoint';
export { DEVICE_STORE, TASK_STORE, API_KEY_STORE, AUDIT_LOG } from './tokens';
