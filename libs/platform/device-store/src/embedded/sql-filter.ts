/**
 * The planner's pushdowns, cursor conditions and sort order as SQL over `devices d`.
 */
import { KeyTest, SortSpec } from '../query/cursor';
import { Pushdown, PushValue } from '../query/plan';
import { Bindable, bindable, COLUMN_OF, kindOf } from './rows';

export interface SqlPart {
  sql: string;
  params: Bindable[];
}

const COMPARE = { gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;
const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/** `findPathId` resolves a parameter path (undefined: no device has it). */
export function pushdownSql(
  pushdown: Pushdown,
  findPathId: (path: string) => number | undefined,
): SqlPart {
  switch (pushdown.target) {
    case 'field': {
      const column = `d.${COLUMN_OF[pushdown.field]}`;
      const params = pushdown.values.map(bindable);
      if (pushdown.op === 'in')
        return { sql: `${column} IN (${placeholders(params.length)})`, params };
      return { sql: `${column} ${COMPARE[pushdown.op]} ?`, params };
    }
    case 'tags':
      return {
        sql: `d.id IN (SELECT device FROM device_tags WHERE tag IN (${placeholders(pushdown.values.length)}))`,
        params: pushdown.values,
      };
    case 'parameter': {
      const pathId = findPathId(pushdown.path);
      if (pathId === undefined) return { sql: '0', params: [] };
      const value = valueCondition(pushdown.op, pushdown.values);
      return {
        sql: `d.id IN (SELECT device FROM parameters WHERE path = ? AND (${value.sql}))`,
        params: [pathId, ...value.params],
      };
    }
  }
}

/** Over the value index (path, kind, value): values of one kind at a time. */
function valueCondition(op: Pushdown['op'], values: PushValue[]): SqlPart {
  if (op !== 'in') {
    const [bound] = values as [PushValue];
    return { sql: `kind = ? AND value ${COMPARE[op]} ?`, params: [kindOf(bound), bindable(bound)] };
  }
  const byKind = new Map<number, Bindable[]>();
  for (const value of values) {
    const kind = kindOf(value);
    byKind.set(kind, [...(byKind.get(kind) ?? []), bindable(value)]);
  }
  const terms: string[] = [];
  const params: Bindable[] = [];
  for (const [kind, group] of byKind) {
    terms.push(`(kind = ? AND value IN (${placeholders(group.length)}))`);
    params.push(kind, ...group);
  }
  return { sql: terms.join(' OR '), params };
}

/** Devices strictly after a cursor key. */
export function afterSql(after: KeyTest[][]): SqlPart {
  if (after.length === 0) return { sql: '0', params: [] };
  const params: Bindable[] = [];
  const disjuncts = after.map((conjunction) =>
    conjunction
      .map((test) => {
        const column = `d.${COLUMN_OF[test.field]}`;
        switch (test.test) {
          case 'null':
            return `${column} IS NULL`;
          case 'notNull':
            return `${column} IS NOT NULL`;
          case 'ltOrNull':
            params.push(bindable(test.value));
            return `(${column} < ? OR ${column} IS NULL)`;
          default:
            params.push(bindable(test.value));
            return `${column} ${test.test === 'eq' ? '=' : '>'} ?`;
        }
      })
      .join(' AND '),
  );
  return { sql: disjuncts.map((d) => `(${d})`).join(' OR '), params };
}

/** SQLite puts NULLs first ascending and last descending, as MongoDB does. */
export function orderSql(sort: SortSpec): string {
  return sort
    .map(([field, dir]) => `d.${COLUMN_OF[field]} ${dir === 1 ? 'ASC' : 'DESC'}`)
    .join(', ');
}

export function whereSql(parts: readonly SqlPart[]): SqlPart {
  if (parts.length === 0) return { sql: '1', params: [] };
  return {
    sql: parts.map((part) => `(${part.sql})`).join(' AND '),
    params: parts.flatMap((part) => part.params),
  };
}
