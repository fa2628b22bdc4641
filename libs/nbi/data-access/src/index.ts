export * from './api-keys/api-key-store';
export { EmbeddedApiKeyStore } from './api-keys/embedded-api-key-store';
export { MongoApiKeyStore } from './api-keys/mongo-api-key-store';
export * from './audit-log/audit-log';
export { EmbeddedAuditLog } from './audit-log/embedded-audit-log';
export { MongoAuditLog } from './audit-log/mongo-audit-log';
export { openNbiDatabase, NBI_DATABASE_FILE } from './embedded/nbi-database';
export type { NbiDatabase } from './embedded/nbi-database';
export * from './nbi-stores';
