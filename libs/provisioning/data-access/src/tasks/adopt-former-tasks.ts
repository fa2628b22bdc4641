import { existsSync } from 'fs';
import type { ProvisioningDatabase } from '../embedded/provisioning-database';

/** EmbeddedTaskStore's table, the same name in both files. */
const EMBEDDED_TASKS_TABLE = 'nbi_tasks';

/** The columns the former file's table has (later columns, such as max_attempts, stay empty). */
const FORMER_COLUMNS = [
  'id',
  'device_id',
  'type',
  'payload',
  'status',
  'attempts',
  'created_at',
  'updated_at',
  'expires_at',
  'connection_request',
  'result',
  'fault',
].join(', ');

/**
 * Tasks used to live in the operator API's SQLite file (nbi.sqlite); they are provisioning's and
 * live in its file now. Moves the rows of a former file into `db` (the task store's table must
 * exist there), copy first and delete after, each committed on its own: a crash between the two
 * leaves the rows in both files and the next start copies them again, ignoring those it has.
 * Returns how many rows were copied.
 */
export function adoptFormerTasks(db: ProvisioningDatabase, formerFile: string): number {
  if (!existsSync(formerFile)) return 0;
  db.prepare('ATTACH DATABASE ? AS former').run(formerFile);
  try {
    const held = db
      .prepare(`SELECT 1 FROM former.sqlite_master WHERE type = 'table' AND name = ?`)
      .get(EMBEDDED_TASKS_TABLE);
    if (held === undefined) return 0;
    const copied = db
      .prepare(
        `INSERT OR IGNORE INTO main.${EMBEDDED_TASKS_TABLE} (${FORMER_COLUMNS})
         SELECT ${FORMER_COLUMNS} FROM former.${EMBEDDED_TASKS_TABLE}`,
      )
      .run().changes;
    db.exec(`DROP TABLE former.${EMBEDDED_TASKS_TABLE}`);
    return copied;
  } finally {
    db.exec('DETACH DATABASE former');
  }
}
