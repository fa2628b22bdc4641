/**
 * Validation of device queries at the edge. Filters come from operators through the REST API:
 * only the fields and operators listed here get through, so nothing reaches MongoDB or mingo
 * that could run code ($where, $function, $accumulator, $expr) or read fields the API does not
 * expose. Anything else throws InvalidFilterError naming the bad part (the API answers 400).
 */
import { DeviceFilter, DeviceQuery, MAX_PAGE_SIZE } from './device-store';
import {
  isSortField,
  isValidSubtree,
  PARAMETERS_FIELD,
  PROJECTABLE_FIELDS,
  SortField,
} from './query/fields';
import { FilterWalker, isPlainObject } from './query/filter-walker';
import { FILTER_LIMITS, InvalidFilterError } from './query/invalid-filter';

export { FILTER_LIMITS, InvalidFilterError } from './query/invalid-filter';
export type { InvalidFilterCode } from './query/invalid-filter';

/** Checks a filter; returns it unchanged when every field and operator is allowed. */
export function validateFilter(filter: unknown): DeviceFilter {
  new FilterWalker().clauses(filter, 'filter', 1);
  return filter as DeviceFilter;
}

/** Checks projection entries: summary fields, `parameters`, `parameters.<path>` (trailing dot ok). */
export function validateProjection(projection: unknown): string[] {
  if (!Array.isArray(projection)) {
    throw new InvalidFilterError('invalid-projection', 'projection', 'expects an array');
  }
  if (projection.length > FILTER_LIMITS.maxProjectionFields) {
    throw new InvalidFilterError('too-large', 'projection', 'too many fields');
  }
  projection.forEach((field: unknown, i) => {
    const ok =
      typeof field === 'string' &&
      (PROJECTABLE_FIELDS.includes(field) ||
        field === PARAMETERS_FIELD ||
        (field.startsWith(`${PARAMETERS_FIELD}.`) &&
          isValidSubtree(field.slice(PARAMETERS_FIELD.length + 1))));
    if (!ok) {
      throw new InvalidFilterError('invalid-projection', `projection[${i}]`, 'unknown field');
    }
  });
  return projection as string[];
}

/** Checks a sort: at most a few scalar summary fields, each 1 or -1. */
export function validateSort(sort: unknown): Partial<Record<SortField, 1 | -1>> {
  if (!isPlainObject(sort)) throw new InvalidFilterError('invalid-sort', 'sort', 'not an object');
  const entries = Object.entries(sort);
  if (entries.length > FILTER_LIMITS.maxSortFields) {
    throw new InvalidFilterError('too-large', 'sort', 'too many fields');
  }
  for (const [field, direction] of entries) {
    if (!isSortField(field)) {
      throw new InvalidFilterError('invalid-sort', `sort.${field}`, 'not a sortable field');
    }
    if (direction !== 1 && direction !== -1) {
      throw new InvalidFilterError('invalid-sort', `sort.${field}`, 'expects 1 or -1');
    }
  }
  return sort as Partial<Record<SortField, 1 | -1>>;
}

/** Checks everything in a query but the cursor's content (cursor.ts decodes that). */
export function validateDeviceQuery(query: DeviceQuery): void {
  validateFilter(query.filter);
  if (query.projection !== undefined) validateProjection(query.projection);
  if (query.sort !== undefined) validateSort(query.sort);
  if (!Number.isSafeInteger(query.limit) || query.limit < 0 || query.limit > MAX_PAGE_SIZE) {
    throw new InvalidFilterError('invalid-paging', 'limit', `expects 0 to ${MAX_PAGE_SIZE}`);
  }
  if (query.skip !== undefined) validateSkip(query.skip);
  if (query.cursor !== undefined && typeof query.cursor !== 'string') {
    throw new InvalidFilterError('invalid-cursor', 'cursor', 'expects a string');
  }
}

/** Checks the size of a listing other than a device query: 1 to MAX_PAGE_SIZE. */
export function validatePageLimit(limit: number): void {
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new InvalidFilterError('invalid-paging', 'limit', `expects 1 to ${MAX_PAGE_SIZE}`);
  }
}

/** Checks a fault listing's page: its size, and an optional count to skip. */
export function validateFaultPage(query: { limit: number; skip?: number }): void {
  validatePageLimit(query.limit);
  if (query.skip !== undefined) validateSkip(query.skip);
}

/** Checks the subtree a device read is limited to. */
export function validateSubtree(subtree: string | undefined): void {
  if (subtree !== undefined && !isValidSubtree(subtree)) {
    throw new InvalidFilterError('invalid-projection', 'subtree', 'not a parameter path');
  }
}

function validateSkip(skip: number): void {
  if (!Number.isSafeInteger(skip) || skip < 0) {
    throw new InvalidFilterError('invalid-paging', 'skip', 'expects a count');
  }
}
