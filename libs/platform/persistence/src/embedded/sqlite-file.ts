import Database from 'better-sqlite3';
import { mkdirSync } from 'fs';
import { join } from 'path';

/**
 * Opens (creating when absent) `file` in `dataDir`, for operator data (tasks, API keys, the audit
 * log, presets, subscribers). WAL so readers never wait for the writer; `synchronous = FULL` so a
 * write the API has acknowledged survives a power cut, not only a process crash (these are
 * low-rate operator writes, the extra fsync costs nothing that matters). The busy timeout lets a
 * second process on the same file (a standalone NBI beside the all-in-one app) wait for the lock
 * instead of failing.
 */
export function openSqliteFile(dataDir: string, file: string): Database.Database {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, file));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  return db;
}
