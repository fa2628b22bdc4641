/**
 * What of a (validated) filter an adapter can hand to its indexes. The planner looks only at the
 * top-level conjunction (the filter's own keys and `$and` clauses) and picks conditions whose
 * index translation matches MongoDB semantics exactly: equality, `$in` and ranges whose values
 * have the field's type, tag membership, and parameter values. The adapter uses them to find
 * candidates; mingo then checks the whole filter on each candidate, unless `exact` says the
 * pushed conditions already are the whole filter.
 */
import { DeviceFilter } from '../device-store';
import { isSummaryField, parameterPathOf, SUMMARY_FIELDS, SummaryField } from './fields';

export type PushValue = string | number | boolean;
/** Equality is `in` with one value. */
export type PushOp = 'in' | 'gt' | 'gte' | 'lt' | 'lte';

export type Pushdown =
  | { target: 'field'; field: Exclude<SummaryField, 'tags'>; op: PushOp; values: PushValue[] }
  /** The device has at least one of these tags. */
  | { target: 'tags'; op: 'in'; values: string[] }
  /** The parameter at `path` has a value that passes `op`. */
  | { target: 'parameter'; path: string; op: PushOp; values: PushValue[] };

export interface QueryPlan {
  /** ANDed; every matching device passes all of them. */
  pushdowns: Pushdown[];
  /** The pushdowns are the whole filter: no device-by-device check needed. */
  exact: boolean;
  /** Parameter paths the filter names anywhere: what a device-by-device check must load. */
  parameterPaths: string[];
}

const RANGE_OPS = { $gt: 'gt', $gte: 'gte', $lt: 'lt', $lte: 'lte' } as const;

type Target =
  | { target: 'field'; field: Exclude<SummaryField, 'tags'>; kind: 'string' | 'number' | 'boolean' }
  | { target: 'tags' }
  | { target: 'parameter'; path: string };

export function planFilter(filter: DeviceFilter): QueryPlan {
  const pushdowns: Pushdown[] = [];
  const exact = conjunction(filter, pushdowns);
  const paths = new Set<string>();
  collectParameterPaths(filter, paths);
  return { pushdowns, exact, parameterPaths: [...paths] };
}

/** Adds what it can push from an ANDed clause; true when all of it was pushed. */
function conjunction(clause: DeviceFilter, out: Pushdown[]): boolean {
  let exact = true;
  for (const [key, condition] of Object.entries(clause)) {
    if (key === '$and') {
      for (const sub of condition as DeviceFilter[]) exact = conjunction(sub, out) && exact;
      continue;
    }
    const target = targetOf(key);
    exact = target !== null && pushCondition(target, condition, out) && exact;
  }
  return exact;
}

function targetOf(key: string): Target | null {
  if (isSummaryField(key)) {
    const kind = SUMMARY_FIELDS[key];
    return kind === 'tags' ? { target: 'tags' } : { target: 'field', field: key as never, kind };
  }
  const path = parameterPathOf(key);
  return path === null ? null : { target: 'parameter', path };
}

function pushCondition(target: Target, condition: unknown, out: Pushdown[]): boolean {
  if (!isOperatorObject(condition)) {
    return accepts(target, condition) && push(target, 'in', [condition], out);
  }
  let exact = true;
  for (const [op, operand] of Object.entries(condition)) {
    if (op === '$eq' && accepts(target, operand)) {
      push(target, 'in', [operand], out);
    } else if (
      op === '$in' &&
      Array.isArray(operand) &&
      operand.length > 0 &&
      operand.every((v) => accepts(target, v))
    ) {
      push(target, 'in', operand as PushValue[], out);
    } else if (
      op === '$all' &&
      target.target === 'tags' &&
      Array.isArray(operand) &&
      operand.length > 0 &&
      operand.every((v) => accepts(target, v))
    ) {
      for (const tag of operand as string[]) push(target, 'in', [tag], out);
    } else if (op in RANGE_OPS && rangeable(target, operand)) {
      push(target, RANGE_OPS[op as keyof typeof RANGE_OPS], [operand], out);
    } else {
      exact = false;
    }
  }
  return exact;
}

/** Whether equality with this value translates exactly (MongoDB compares within a type). */
function accepts(target: Target, value: unknown): value is PushValue {
  switch (target.target) {
    case 'field':
      return typeof value === target.kind;
    case 'tags':
      return typeof value === 'string';
    case 'parameter':
      return ['string', 'number', 'boolean'].includes(typeof value);
  }
}

function rangeable(target: Target, value: unknown): value is string | number {
  if (target.target === 'tags') return false;
  if (target.target === 'field' && target.kind === 'boolean') return false;
  return (typeof value === 'string' || typeof value === 'number') && accepts(target, value);
}

function push(target: Target, op: PushOp, values: PushValue[], out: Pushdown[]): true {
  if (target.target === 'field') out.push({ target: 'field', field: target.field, op, values });
  else if (target.target === 'tags')
    out.push({ target: 'tags', op: 'in', values: values as string[] });
  else out.push({ target: 'parameter', path: target.path, op, values });
  return true;
}

function isOperatorObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof RegExp) &&
    Object.keys(value).every((k) => k.startsWith('$'))
  );
}

function collectParameterPaths(clause: DeviceFilter, into: Set<string>): void {
  for (const [key, condition] of Object.entries(clause)) {
    if (key === '$and' || key === '$or' || key === '$nor') {
      for (const sub of condition as DeviceFilter[]) collectParameterPaths(sub, into);
      continue;
    }
    const path = parameterPathOf(key);
    if (path !== null) into.add(path);
  }
}
