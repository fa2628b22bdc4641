import { timeOrderedId, type StoreClock } from '@acs/persistence';
import type { NbiDatabase } from '../embedded/nbi-database';
import { AuditEntry, AuditLog, AuditPage, NewAuditEntry } from './audit-log';

interface AuditRow {
  id: string;
  at: string;
  key_id: string | null;
  key_name: string | null;
  action: string;
  target: string;
  request: string;
  status: number;
  error: string | null;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS nbi_audit_log (
    id TEXT PRIMARY KEY,
    at TEXT NOT NULL,
    key_id TEXT,
    key_name TEXT,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    request TEXT NOT NULL,
    status INTEGER NOT NULL,
    error TEXT
  ) WITHOUT ROWID;
`;

function entryOf(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    at: row.at,
    who: { keyId: row.key_id, keyName: row.key_name },
    action: row.action,
    target: row.target,
    request: JSON.parse(row.request) as Record<string, unknown>,
    status: row.status,
    ...(row.error === null ? {} : { error: row.error }),
  };
}

/** AuditLog on the NBI's SQLite file (see openNbiDatabase). */
export class EmbeddedAuditLog implements AuditLog {
  private readonly now: () => Date;

  constructor(
    private readonly db: NbiDatabase,
    options: StoreClock = {},
  ) {
    this.now = options.now ?? (() => new Date());
    db.exec(SCHEMA);
  }

  async append(input: NewAuditEntry): Promise<AuditEntry> {
    const now = this.now();
    const entry: AuditEntry = { id: timeOrderedId(now), at: now.toISOString(), ...input };
    this.db
      .prepare(
        `INSERT INTO nbi_audit_log (id, at, key_id, key_name, action, target, request, status, error)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        entry.id,
        entry.at,
        entry.who.keyId,
        entry.who.keyName,
        entry.action,
        entry.target,
        JSON.stringify(entry.request),
        entry.status,
        entry.error ?? null,
      );
    return entry;
  }

  async list(query: { limit: number; skip?: number }): Promise<AuditPage> {
    const rows = this.db
      .prepare('SELECT * FROM nbi_audit_log ORDER BY id DESC LIMIT ? OFFSET ?')
      .all(query.limit, query.skip ?? 0) as AuditRow[];
    const { total } = this.db.prepare('SELECT COUNT(*) AS total FROM nbi_audit_log').get() as {
      total: number;
    };
    return { entries: rows.map(entryOf), total };
  }
}
