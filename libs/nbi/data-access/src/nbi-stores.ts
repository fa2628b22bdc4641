import type { Connection } from 'mongoose';
import type { StoreClock } from '@acs/persistence';
import { ApiKeyStore } from './api-keys/api-key-store';
import { EmbeddedApiKeyStore } from './api-keys/embedded-api-key-store';
import { MongoApiKeyStore } from './api-keys/mongo-api-key-store';
import { AuditLog } from './audit-log/audit-log';
import { EmbeddedAuditLog } from './audit-log/embedded-audit-log';
import { MongoAuditLog } from './audit-log/mongo-audit-log';
import { openNbiDatabase } from './embedded/nbi-database';

/** The operator API's own stores, opened together on one backend (tasks are provisioning's). */
export interface NbiStores {
  apiKeys: ApiKeyStore;
  auditLog: AuditLog;
  /** Releases what the opener opened (the SQLite file; a Mongo connection stays the caller's). */
  close(): Promise<void>;
}

/** The two stores on one SQLite file, `<dataDir>/nbi.sqlite`. */
export function openEmbeddedNbiStores(dataDir: string, options: StoreClock = {}): NbiStores {
  const db = openNbiDatabase(dataDir);
  return {
    apiKeys: new EmbeddedApiKeyStore(db, options),
    auditLog: new EmbeddedAuditLog(db, options),
    async close() {
      db.close();
    },
  };
}

/** The two stores on a mongoose connection the caller opened and closes. */
export async function openMongoNbiStores(
  connection: Connection,
  options: StoreClock = {},
): Promise<NbiStores> {
  const [apiKeys, auditLog] = await Promise.all([
    MongoApiKeyStore.open(connection, options),
    MongoAuditLog.open(connection, options),
  ]);
  return {
    apiKeys,
    auditLog,
    // Nothing of its own to release: the connection belongs to the caller.
    close: () => Promise.resolve(),
  };
}
