/**
 * Whether an index can serve a query, judged as MongoDB's planner would: some index's leading
 * field is bounded by the query's conjunction (equality, $in or a range), or each branch of an
 * $or in it is served so, or a query without conditions reads in the order of an index's
 * leading field. Used where the server's explain does not say (FerretDB's does not).
 */
import type { MongoCommandDocument as Document, RecordedQuery } from '@acs/testing';

/** An index's key pattern, fields in order. */
export type IndexKey = Record<string, number>;

const BOUNDING = new Set(['$eq', '$in', '$gt', '$gte', '$lt', '$lte', '$all']);

const isDocument = (value: unknown): value is Document =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  !(value instanceof RegExp);

/** A condition the index bounds narrow: a value (null included), or a bounding operator. */
function bounds(condition: unknown): boolean {
  if (!isDocument(condition)) return true;
  const operators = Object.keys(condition);
  // A plain sub-document is equality with it.
  if (!operators.some((op) => op.startsWith('$'))) return true;
  return operators.some((op) => BOUNDING.has(op));
}

interface Conjunction {
  bounded: Set<string>;
  ors: Document[][];
  conditions: number;
}

function conjunctionOf(
  filter: Document,
  into: Conjunction = { bounded: new Set(), ors: [], conditions: 0 },
): Conjunction {
  for (const [key, condition] of Object.entries(filter)) {
    into.conditions++;
    if (key === '$and' && Array.isArray(condition)) {
      for (const clause of condition) if (isDocument(clause)) conjunctionOf(clause, into);
    } else if (key === '$or' && Array.isArray(condition)) {
      into.ors.push(condition.filter(isDocument));
    } else if (!key.startsWith('$') && bounds(condition)) {
      into.bounded.add(key);
    }
  }
  return into;
}

const leading = (key: IndexKey): string | undefined => Object.keys(key)[0];

/** The name of an index that serves the query, or null. */
export function servingIndex(
  query: Pick<RecordedQuery, 'filter' | 'sort'>,
  indexes: ReadonlyMap<string, IndexKey>,
): string | null {
  const byFilter = (filter: Document): string | null => {
    const conjunction = conjunctionOf(filter);
    for (const [name, key] of indexes) {
      const field = leading(key);
      if (field !== undefined && conjunction.bounded.has(field)) return name;
    }
    for (const branches of conjunction.ors) {
      const served = branches.map(byFilter);
      if (branches.length > 0 && served.every((name) => name !== null)) return served.join(' | ');
    }
    return null;
  };
  const found = byFilter(query.filter);
  if (found !== null) return found;
  const sortField = query.sort ? Object.keys(query.sort)[0] : undefined;
  if (conjunctionOf(query.filter).conditions === 0 && sortField !== undefined) {
    for (const [name, key] of indexes) if (leading(key) === sortField) return name;
  }
  return null;
}

export type IndexUse = 'index' | 'collection-scan' | 'not-reported';

function stages(plan: unknown, into: string[] = []): string[] {
  if (Array.isArray(plan)) for (const item of plan) stages(item, into);
  else if (isDocument(plan)) {
    if (typeof plan['stage'] === 'string') into.push(plan['stage']);
    // Plans the planner considered and did not run say nothing of this query.
    for (const [key, value] of Object.entries(plan))
      if (key !== 'rejectedPlans') stages(value, into);
  }
  return into;
}

/**
 * What the server's explain says of index use. MongoDB names its plan's stages (COLLSCAN when
 * it reads the whole collection). FerretDB 1.24 answers with its SQLite plan, SCAN for every
 * query (a lookup by _id included, which runs on the _id index); it uses none of the other
 * indexes it creates, filtering every other query itself over the whole collection. So it does
 * not report on ours (see docs/architecture.md).
 */
export function indexUseOf(explained: Document): IndexUse {
  const server = explained['serverInfo'];
  if (isDocument(server) && typeof server['ferretdbVersion'] === 'string') return 'not-reported';
  const planner = explained['queryPlanner'];
  const found = stages(isDocument(planner) ? planner['winningPlan'] : undefined);
  if (found.length === 0) return 'not-reported';
  return found.includes('COLLSCAN') ? 'collection-scan' : 'index';
}
