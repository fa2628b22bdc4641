import type Database from 'better-sqlite3';
import { openSqliteFile, timeOrderedId, type StoreClock } from '@acs/persistence';
import { FIRMWARE_DATABASE_FILE } from '../images/embedded-image-store';
import {
  policyOf,
  type BackupPolicy,
  type BackupPolicySpec,
  type BackupPolicyStore,
  type PolicyRecord,
} from './backup-policy-store';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS firmware_backup_policies (
    policy_id TEXT PRIMARY KEY,
    last_run_at TEXT,
    body TEXT NOT NULL
  ) WITHOUT ROWID;
`;

/** BackupPolicyStore on firmware's SQLite file. */
export class EmbeddedBackupPolicyStore implements BackupPolicyStore {
  private readonly now: () => Date;

  constructor(
    private readonly db: Database.Database,
    options: StoreClock = {},
  ) {
    this.now = options.now ?? (() => new Date());
    db.exec(SCHEMA);
  }

  static open(dataDir: string, options: StoreClock = {}): EmbeddedBackupPolicyStore {
    return new EmbeddedBackupPolicyStore(openSqliteFile(dataDir, FIRMWARE_DATABASE_FILE), options);
  }

  async create(spec: BackupPolicySpec): Promise<BackupPolicy> {
    const createdAt = this.now();
    const record: PolicyRecord = {
      ...spec,
      id: timeOrderedId(createdAt),
      createdAt: createdAt.toISOString(),
    };
    this.db
      .prepare(
        'INSERT INTO firmware_backup_policies (policy_id, last_run_at, body) VALUES (?, NULL, ?)',
      )
      .run(record.id, JSON.stringify(record));
    return policyOf(record);
  }

  async list(): Promise<BackupPolicy[]> {
    const rows = this.db
      .prepare('SELECT body FROM firmware_backup_policies ORDER BY policy_id')
      .all() as Array<{ body: string }>;
    return rows.map((row) => policyOf(JSON.parse(row.body) as PolicyRecord));
  }

  async get(id: string): Promise<BackupPolicy | null> {
    const row = this.db
      .prepare('SELECT body FROM firmware_backup_policies WHERE policy_id = ?')
      .get(id) as { body: string } | undefined;
    return row ? policyOf(JSON.parse(row.body) as PolicyRecord) : null;
  }

  async delete(id: string): Promise<boolean> {
    return (
      this.db.prepare('DELETE FROM firmware_backup_policies WHERE policy_id = ?').run(id).changes >
      0
    );
  }

  async markRun(id: string, previous: Date | undefined, at: Date): Promise<boolean> {
    return this.db.transaction(() => {
      const row = this.db
        .prepare(
          'SELECT body FROM firmware_backup_policies WHERE policy_id = ? AND last_run_at IS ?',
        )
        .get(id, previous?.toISOString() ?? null) as { body: string } | undefined;
      if (!row) return false;
      const record: PolicyRecord = {
        ...(JSON.parse(row.body) as PolicyRecord),
        lastRunAt: at.toISOString(),
      };
      this.db
        .prepare(
          'UPDATE firmware_backup_policies SET last_run_at = ?, body = ? WHERE policy_id = ?',
        )
        .run(record.lastRunAt, JSON.stringify(record), id);
      return true;
    })();
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
