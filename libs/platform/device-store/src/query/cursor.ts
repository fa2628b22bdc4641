/**
 * Sort order and cursor paging, shared by the adapters so that both page alike. A cursor holds
 * the sort key of the last device of a page; the next page starts strictly after it. Missing
 * values sort as null: first when ascending, last when descending (MongoDB's order).
 */
import { InvalidFilterError } from './invalid-filter';
import { SortField } from './fields';

export type SortValue = string | number | boolean | null;
export type SortSpec = readonly (readonly [SortField, 1 | -1])[];

/** The sort as given, ending with deviceId as the tie-breaker (nothing after it matters). */
export function normalizeSort(sort: Partial<Record<SortField, 1 | -1>> | undefined): SortSpec {
  const spec: [SortField, 1 | -1][] = [];
  for (const [field, direction] of Object.entries(sort ?? {}) as [SortField, 1 | -1][]) {
    spec.push([field, direction]);
    if (field === 'deviceId') return spec;
  }
  spec.push(['deviceId', 1]);
  return spec;
}

/** One comparison of a "comes after" condition, rendered by each adapter in its own language. */
export type KeyTest =
  | { field: SortField; test: 'eq' | 'gt' | 'ltOrNull'; value: string | number | boolean }
  | { field: SortField; test: 'null' | 'notNull' };

/**
 * The devices after `key` in `spec` order, as a disjunction of conjunctions:
 * (f1 after) OR (f1 = and f2 after) OR ... An empty disjunct list means nothing comes after.
 */
export function afterKey(spec: SortSpec, key: readonly SortValue[]): KeyTest[][] {
  const disjuncts: KeyTest[][] = [];
  const equalSoFar: KeyTest[] = [];
  spec.forEach(([field, direction], i) => {
    const value = key[i] ?? null;
    const after = strictlyAfter(field, direction, value);
    if (after) disjuncts.push([...equalSoFar, after]);
    equalSoFar.push(value === null ? { field, test: 'null' } : { field, test: 'eq', value });
  });
  return disjuncts;
}

function strictlyAfter(field: SortField, direction: 1 | -1, value: SortValue): KeyTest | null {
  if (direction === 1) {
    return value === null ? { field, test: 'notNull' } : { field, test: 'gt', value };
  }
  return value === null ? null : { field, test: 'ltOrNull', value };
}

interface CursorContent {
  /** The sort the cursor was made for: a cursor is refused under another one. */
  s: string;
  k: SortValue[];
}

const sortSignature = (spec: SortSpec) => spec.map(([f, d]) => `${f}:${d}`).join(',');

export function encodeCursor(spec: SortSpec, key: readonly SortValue[]): string {
  const content: CursorContent = { s: sortSignature(spec), k: [...key] };
  return Buffer.from(JSON.stringify(content)).toString('base64url');
}

export function decodeCursor(spec: SortSpec, cursor: string): SortValue[] {
  let content: unknown;
  try {
    content = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidFilterError('invalid-cursor', 'cursor', 'not a cursor of this store');
  }
  const { s, k } = (content ?? {}) as Partial<CursorContent>;
  const wellFormed =
    typeof s === 'string' &&
    Array.isArray(k) &&
    k.length === spec.length &&
    k.every((v) => v === null || ['string', 'number', 'boolean'].includes(typeof v));
  if (!wellFormed) {
    throw new InvalidFilterError('invalid-cursor', 'cursor', 'not a cursor of this store');
  }
  if (s !== sortSignature(spec)) {
    throw new InvalidFilterError('invalid-cursor', 'cursor', 'made for another sort order');
  }
  return k as SortValue[];
}

/** The sort key of a device (a summary-shaped object) under `spec`. */
export function sortKeyOf(
  spec: SortSpec,
  device: Partial<Record<SortField, unknown>>,
): SortValue[] {
  return spec.map(([field]) => {
    const value = device[field];
    return value === undefined ? null : (value as SortValue);
  });
}
