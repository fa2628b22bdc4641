/**
 * The planner's pushdowns, cursor conditions and sort order in MongoDB's query language, over
 * the `devices` collection. Pure, so it is tested without a server.
 */
import { KeyTest, SortSpec } from '../query/cursor';
import { SortField } from '../query/fields';
import { Pushdown, PushValue } from '../query/plan';
import { indexedValueKey } from './field-keys';

export type MongoFilter = Record<string, unknown>;

/** deviceId is the devices' _id; every other summary field keeps its name. */
export const fieldName = (field: SortField): string => (field === 'deviceId' ? '_id' : field);

const OPERATOR = { in: '$in', gt: '$gt', gte: '$gte', lt: '$lt', lte: '$lte' } as const;

/** `{ $in: [...] }` or `{ $gt: v }` etc. */
export function valueCondition(op: Pushdown['op'], values: PushValue[]): Record<string, unknown> {
  return op === 'in' ? { $in: values } : { [OPERATOR[op]]: values[0] };
}

/** A field or tag pushdown as a devices filter; parameter pushdowns go through parameterQuery. */
export function devicePushdown(pushdown: Exclude<Pushdown, { target: 'parameter' }>): MongoFilter {
  if (pushdown.target === 'tags') return { tags: { $in: pushdown.values } };
  return { [fieldName(pushdown.field)]: valueCondition(pushdown.op, pushdown.values) };
}

/**
 * A parameter pushdown as a devices filter, on the copy of the value the device document carries
 * (only for the indexed paths: see documents.ts).
 */
export function parameterPushdown(
  pushdown: Extract<Pushdown, { target: 'parameter' }>,
): MongoFilter {
  return { [`iv.${indexedValueKey(pushdown.path)}`]: valueCondition(pushdown.op, pushdown.values) };
}

/** Devices strictly after a cursor key (MongoDB sorts null and missing lowest, as cursor.ts). */
export function afterFilter(after: KeyTest[][]): MongoFilter {
  if (after.length === 0) return { _id: { $in: [] } };
  const disjuncts = after.map((conjunction) => ({
    $and: conjunction.map((test): MongoFilter => {
      const name = fieldName(test.field);
      switch (test.test) {
        case 'null':
          return { [name]: null };
        case 'notNull':
          return { [name]: { $ne: null } };
        case 'eq':
          return { [name]: test.value };
        case 'gt':
          return { [name]: { $gt: test.value } };
        case 'ltOrNull':
          return { $or: [{ [name]: { $lt: test.value } }, { [name]: null }] };
      }
    }),
  }));
  return disjuncts.length === 1 ? (disjuncts[0] as MongoFilter) : { $or: disjuncts };
}

export function sortOf(sort: SortSpec): Record<string, 1 | -1> {
  return Object.fromEntries(sort.map(([field, direction]) => [fieldName(field), direction]));
}

export function and(filters: readonly MongoFilter[]): MongoFilter {
  const parts = filters.filter((f) => Object.keys(f).length > 0);
  if (parts.length === 0) return {};
  return parts.length === 1 ? (parts[0] as MongoFilter) : { $and: parts };
}
