import type Database from 'better-sqlite3';
import { openSqliteFile } from '@acs/persistence';

export type NbiDatabase = Database.Database;

export const NBI_DATABASE_FILE = 'nbi.sqlite';

/** Opens (creating when absent) the NBI's SQLite file in `dataDir`: API keys and the audit log. */
export function openNbiDatabase(dataDir: string): NbiDatabase {
  return openSqliteFile(dataDir, NBI_DATABASE_FILE);
}
