import { timeOrderedId, type StoreClock } from '@acs/persistence';
import type { NbiDatabase } from '../embedded/nbi-database';
import { EMPTY_CHAIN, sealEntry, type ChainHead } from './audit-chain';
import { AuditEntry, AuditLog, AuditPage, AuditPhase, NewAuditEntry } from './audit-log';

interface AuditRow {
  seq: number;
  id: string;
  at: string;
  phase: AuditPhase;
  intent_id: string | null;
  key_id: string | null;
  key_name: string | null;
  action: string;
  target: string;
  request: string;
  status: number | null;
  error: string | null;
  prev_hash: string;
  hash: string;
}

/**
 * The chained log has a table of its own: `nbi_audit_log`, the unchained log of earlier versions,
 * is left as it was (nothing reads or writes it any more).
 */
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS nbi_audit_chain (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    at TEXT NOT NULL,
    phase TEXT NOT NULL,
    intent_id TEXT,
    key_id TEXT,
    key_name TEXT,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    request TEXT NOT NULL,
    status INTEGER,
    error TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS nbi_audit_published (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq INTEGER NOT NULL
  );
`;

const PAGE = 500;

function entryOf(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    seq: row.seq,
    at: row.at,
    phase: row.phase,
    ...(row.intent_id === null ? {} : { intentId: row.intent_id }),
    who: { keyId: row.key_id, keyName: row.key_name },
    action: row.action,
    target: row.target,
    request: JSON.parse(row.request) as Record<string, unknown>,
    ...(row.status === null ? {} : { status: row.status }),
    ...(row.error === null ? {} : { error: row.error }),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** AuditLog on the NBI's SQLite file (see openNbiDatabase). */
export class EmbeddedAuditLog implements AuditLog {
  private readonly now: () => Date;
  private readonly appendAtHead: (input: NewAuditEntry) => AuditEntry;

  constructor(
    private readonly db: NbiDatabase,
    options: StoreClock = {},
  ) {
    this.now = options.now ?? (() => new Date());
    db.exec(SCHEMA);
    const head = db.prepare('SELECT seq, hash FROM nbi_audit_chain ORDER BY seq DESC LIMIT 1');
    const insert = db.prepare(
      `INSERT INTO nbi_audit_chain (seq, id, at, phase, intent_id, key_id, key_name, action,
         target, request, status, error, prev_hash, hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const append = db.transaction((input: NewAuditEntry) => {
      const now = this.now();
      const last = (head.get() as ChainHead | undefined) ?? EMPTY_CHAIN;
      const entry = sealEntry(input, last, { id: timeOrderedId(now), at: now.toISOString() });
      insert.run(
        entry.seq,
        entry.id,
        entry.at,
        entry.phase,
        entry.intentId ?? null,
        entry.who.keyId,
        entry.who.keyName,
        entry.action,
        entry.target,
        JSON.stringify(entry.request),
        entry.status ?? null,
        entry.error ?? null,
        entry.prevHash,
        entry.hash,
      );
      return entry;
    });
    // IMMEDIATE takes the file's write lock before reading the head: another connection to the
    // same file cannot read the same head in between and fork the chain.
    this.appendAtHead = (input) => append.immediate(input);
  }

  async append(input: NewAuditEntry): Promise<AuditEntry> {
    return this.appendAtHead(input);
  }

  async list(query: { limit: number; skip?: number }): Promise<AuditPage> {
    const rows = this.db
      .prepare('SELECT * FROM nbi_audit_chain ORDER BY seq DESC LIMIT ? OFFSET ?')
      .all(query.limit, query.skip ?? 0) as AuditRow[];
    const { total } = this.db.prepare('SELECT COUNT(*) AS total FROM nbi_audit_chain').get() as {
      total: number;
    };
    return { entries: rows.map(entryOf), total };
  }

  async *chain(): AsyncIterable<AuditEntry> {
    // A page at a time, not one open statement: the connection stays free for appends between.
    let after = 0;
    for (;;) {
      const entries = await this.after(after, PAGE);
      yield* entries;
      const last = entries[entries.length - 1];
      if (!last || entries.length < PAGE) return;
      after = last.seq;
    }
  }

  async after(seq: number, limit: number): Promise<AuditEntry[]> {
    const rows = this.db
      .prepare('SELECT * FROM nbi_audit_chain WHERE seq > ? ORDER BY seq LIMIT ?')
      .all(seq, limit) as AuditRow[];
    return rows.map(entryOf);
  }

  async publishedThrough(): Promise<number> {
    const row = this.db.prepare('SELECT seq FROM nbi_audit_published WHERE id = 1').get() as
      | { seq: number }
      | undefined;
    return row?.seq ?? 0;
  }

  async markPublished(seq: number): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO nbi_audit_published (id, seq) VALUES (1, ?)
         ON CONFLICT (id) DO UPDATE SET seq = max(seq, excluded.seq)`,
      )
      .run(seq);
  }
}
