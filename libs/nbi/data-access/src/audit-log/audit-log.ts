/**
 * The record of every write through the operator API, and of every write it refused: who (the
 * API key, or nobody when none was valid), what (an action such as `task.create` and its target),
 * a summary of the request with secrets removed, and the HTTP status it ended with.
 *
 * The entries form a hash chain (audit-chain.ts): each holds its position (`seq`, from 1), the
 * hash of the entry before it (`prevHash`) and its own hash over all of that, so an entry edited
 * or removed in the store shows up as a break (`npm run audit:verify`).
 */
export interface AuditActor {
  /** Null when the request carried no valid key. */
  keyId: string | null;
  keyName: string | null;
}

/**
 * `intent`: a write the guard let through, stored before it runs (the API refuses a write whose
 * intent cannot be stored). `outcome`: how a write ended, or a write refused before it ran.
 */
export type AuditPhase = 'intent' | 'outcome';

export interface AuditEntry {
  /** Unique, time-ordered. */
  id: string;
  /** Position in the chain: 1, 2, 3, ... with no gap. */
  seq: number;
  at: string;
  phase: AuditPhase;
  /** On the outcome of a write that got past the guard: the id of its intent entry. */
  intentId?: string;
  who: AuditActor;
  /** e.g. `device.delete`, `task.create`, `api-key.revoke`. */
  action: string;
  /** What it was done to, e.g. `device:00D09E-HGW-SN1`, `task:<id>`, `devices:filter`. */
  target: string;
  /** The request's parameters and body, secrets removed, size capped. */
  request: Record<string, unknown>;
  /** Outcomes only: the HTTP status the request ended with. */
  status?: number;
  /** The error code when it failed (`forbidden`, `validation-failed`, ...). */
  error?: string;
  /** The hash of entry `seq - 1` (GENESIS_HASH for the first). */
  prevHash: string;
  /** SHA-256 (hex) of the entry's canonical form, without this field. */
  hash: string;
}

/** What a caller gives: the log adds id, time, position and hashes. */
export type NewAuditEntry = Omit<AuditEntry, 'id' | 'seq' | 'at' | 'prevHash' | 'hash'>;

export interface AuditPage {
  entries: AuditEntry[];
  total: number;
}

export interface AuditLog {
  /**
   * Stores the entry at the end of the chain and resolves once it is stored; concurrent appends,
   * from this process or others on the same store, never take the same position.
   */
  append(entry: NewAuditEntry): Promise<AuditEntry>;
  /** Newest first. */
  list(query: { limit: number; skip?: number }): Promise<AuditPage>;
  /** Every entry in chain order (oldest first), as stored: what verification walks. */
  chain(): AsyncIterable<AuditEntry>;
  /** Up to `limit` entries after position `seq`, in chain order (publication to acs.audit). */
  after(seq: number, limit: number): Promise<AuditEntry[]>;
  /** The last position published to acs.audit (0 before the first). */
  publishedThrough(): Promise<number>;
  /** Records that every entry up to `seq` is published; never moves back. */
  markPublished(seq: number): Promise<void>;
}
