import Database from 'better-sqlite3';
import { mkdirSync } from 'fs';
import { join } from 'path';

export type ProvisioningDatabase = Database.Database;

export const PROVISIONING_DATABASE_FILE = 'provisioning.sqlite';

/**
 * Opens (creating when absent) provisioning's SQLite file in `dataDir`: configurations, presets,
 * subscribers and the OSS/BSS command log. Same settings as the NBI's file, for the same reasons:
 * WAL so readers never wait for the writer, `synchronous = FULL` so an acknowledged write survives
 * a power cut, and a busy timeout so a second process on the file waits instead of failing.
 */
export function openProvisioningDatabase(dataDir: string): ProvisioningDatabase {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, PROVISIONING_DATABASE_FILE));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  return db;
}
