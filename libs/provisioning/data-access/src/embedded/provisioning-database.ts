import type Database from 'better-sqlite3';
import { openSqliteFile } from '@acs/persistence';

export type ProvisioningDatabase = Database.Database;

export const PROVISIONING_DATABASE_FILE = 'provisioning.sqlite';

/**
 * Opens (creating when absent) provisioning's SQLite file in `dataDir`: configurations, presets,
 * subscribers and the OSS/BSS command log, with the NBI file's settings and for the same reasons
 * (WAL, `synchronous = FULL`, a busy timeout).
 */
export function openProvisioningDatabase(dataDir: string): ProvisioningDatabase {
  return openSqliteFile(dataDir, PROVISIONING_DATABASE_FILE);
}
