/**
 * The fields a device query may name, and what kind of value each holds. Shared by validation
 * (query-filter.ts), the pushdown planner and both adapters, so they agree on one list.
 */

export type FieldKind = 'string' | 'boolean' | 'number' | 'tags';

/** Summary fields a filter may name. connectionRequest is not one: it holds a password. */
export const SUMMARY_FIELDS = {
  deviceId: 'string',
  oui: 'string',
  productClass: 'string',
  serialNumber: 'string',
  manufacturer: 'string',
  dataModelRoot: 'string',
  tags: 'tags',
  firstSeen: 'string',
  lastInform: 'string',
  lastBoot: 'string',
  lastBootstrap: 'string',
  periodicInformInterval: 'number',
  online: 'boolean',
  onlineUntil: 'string',
} as const satisfies Record<string, FieldKind>;

export type SummaryField = keyof typeof SUMMARY_FIELDS;

/** Summary fields a sort may name: every scalar one (tags are an array). */
export type SortField = Exclude<SummaryField, 'tags'>;

/** Summary fields a projection may name, on top of `parameters` and `parameters.<path>`. */
export const PROJECTABLE_FIELDS: readonly string[] = [
  ...Object.keys(SUMMARY_FIELDS),
  'connectionRequest',
  'posture',
];

export const PARAMETERS_FIELD = 'parameters';
const PARAMETER_PREFIX = 'parameters.';

/** TR-069 names: letters, digits, `_` and `-`, joined by dots; instance numbers are names too. */
const PARAMETER_PATH = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;
export const MAX_PARAMETER_PATH_LENGTH = 256;

export function isSummaryField(field: string): field is SummaryField {
  return Object.prototype.hasOwnProperty.call(SUMMARY_FIELDS, field);
}

export function isSortField(field: string): field is SortField {
  return isSummaryField(field) && field !== 'tags';
}

/**
 * The parameter path a `parameters.<path>` field names (without a trailing dot), null when the
 * field is not of that form or the path is not a well-formed TR-069 path.
 */
export function parameterPathOf(field: string): string | null {
  if (!field.startsWith(PARAMETER_PREFIX)) return null;
  const path = field.slice(PARAMETER_PREFIX.length);
  if (path.length > MAX_PARAMETER_PATH_LENGTH || !PARAMETER_PATH.test(path)) return null;
  return path;
}

/**
 * A subtree selector (`Device.WiFi.`, `Device.WiFi` or a leaf path) as the base path without the
 * trailing dot; the selected paths are the base itself and everything under `base.`.
 */
export function subtreeBase(selector: string): string {
  return selector.endsWith('.') ? selector.slice(0, -1) : selector;
}

/** Whether a stored path (objects end with a dot) lies in the subtree with this base. */
export function inSubtree(path: string, base: string): boolean {
  if (base === '') return true;
  return path === base || path.startsWith(`${base}.`);
}

/** Whether a subtree selector is a well-formed path (with or without the trailing dot). */
export function isValidSubtree(selector: string): boolean {
  return isParameterPath(subtreeBase(selector));
}

/** Whether `path` is a TR-069 name the store can filter and project on (no trailing dot). */
export function isParameterPath(path: string): boolean {
  return path.length <= MAX_PARAMETER_PATH_LENGTH && PARAMETER_PATH.test(path);
}
