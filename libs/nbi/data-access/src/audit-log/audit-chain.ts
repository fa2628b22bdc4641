import { createHash } from 'node:crypto';
import type { AuditEntry, NewAuditEntry } from './audit-log';

/**
 * The audit log's hash chain, the same for every adapter: an entry's hash is SHA-256 over the
 * canonical JSON of all its fields but `hash` (its `seq` and `prevHash` included), and the first
 * entry links to GENESIS_HASH. Editing an entry changes its hash; removing one leaves a gap in
 * `seq` and a `prevHash` that no longer matches; rewriting the hashes after an edit breaks the
 * link to every later entry. What the chain alone cannot show is the newest entries cut off the
 * end: the copy on acs.audit (a SIEM's) and the head `audit:verify` prints are the check for that.
 */
export const GENESIS_HASH = '0'.repeat(64);

/** Where the chain ends: the next entry takes `seq + 1` and links to `hash`. */
export interface ChainHead {
  seq: number;
  hash: string;
}

export const EMPTY_CHAIN: ChainHead = { seq: 0, hash: GENESIS_HASH };

/**
 * JSON with object keys sorted and no whitespace: the same bytes for the same content whatever
 * order a store gives the keys back in. Fields holding `undefined` are left out, as JSON does.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value))
    return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const fields = Object.entries(value as Record<string, unknown>)
      .filter(([, field]) => field !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, field]) => `${JSON.stringify(key)}:${canonicalJson(field)}`);
    return `{${fields.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function entryHash(entry: Omit<AuditEntry, 'hash'> & { hash?: string }): string {
  return createHash('sha256')
    .update(canonicalJson({ ...entry, hash: undefined }))
    .digest('hex');
}

/** The entry as it is stored at the end of the chain `head`. */
export function sealEntry(
  input: NewAuditEntry,
  head: ChainHead,
  stamp: { id: string; at: string },
): AuditEntry {
  // Fields given as undefined are left out, as the stores leave them out.
  const given = Object.fromEntries(
    Object.entries(input).filter(([, value]) => value !== undefined),
  ) as NewAuditEntry;
  const unsealed = { ...stamp, seq: head.seq + 1, ...given, prevHash: head.hash };
  return { ...unsealed, hash: entryHash(unsealed) };
}

export interface ChainBreak {
  id: string;
  seq: number;
  /** What differs, e.g. `hash: stored 3f… computed 9a…`. */
  problems: string[];
}

export type ChainVerdict =
  | { ok: true; entries: number; head: ChainHead }
  | { ok: false; entries: number; firstBreak: ChainBreak };

/** Walks the chain from its first entry and stops at the first one that does not hold. */
export async function verifyChain(entries: AsyncIterable<AuditEntry>): Promise<ChainVerdict> {
  let head = EMPTY_CHAIN;
  let count = 0;
  for await (const entry of entries) {
    const problems: string[] = [];
    if (entry.seq !== head.seq + 1) {
      problems.push(
        entry.seq > head.seq + 1
          ? `seq: ${entry.seq} follows ${head.seq} (entries ${head.seq + 1}..${entry.seq - 1} are missing)`
          : `seq: ${entry.seq} follows ${head.seq}`,
      );
    }
    if (entry.prevHash !== head.hash) {
      problems.push(`prevHash: stored ${entry.prevHash}, the entry before hashes to ${head.hash}`);
    }
    const computed = entryHash(entry);
    if (computed !== entry.hash) {
      problems.push(`hash: stored ${entry.hash}, content hashes to ${computed}`);
    }
    if (problems.length > 0) {
      return { ok: false, entries: count, firstBreak: { id: entry.id, seq: entry.seq, problems } };
    }
    count += 1;
    head = { seq: entry.seq, hash: entry.hash };
  }
  return { ok: true, entries: count, head };
}
