/**
 * The error every refused query part throws, and the bounds that make a query too big.
 */

export type InvalidFilterCode =
  | 'not-an-object'
  | 'unknown-field'
  | 'operator-not-allowed'
  | 'invalid-value'
  | 'too-deep'
  | 'too-large'
  | 'invalid-regex'
  | 'regex-too-long'
  | 'invalid-projection'
  | 'invalid-sort'
  | 'invalid-paging'
  | 'invalid-cursor';

export class InvalidFilterError extends Error {
  constructor(
    readonly code: InvalidFilterCode,
    /** Where in the query: `filter.$or[1].serialNumber.$regex`, `sort.tags`, `cursor`. */
    readonly path: string,
    detail: string,
  ) {
    super(`${path}: ${detail}`);
    this.name = 'InvalidFilterError';
  }
}

export const FILTER_LIMITS = {
  /** Nesting of objects and arrays, the filter itself being 1. */
  maxDepth: 10,
  /** Keys and array elements in the whole filter. */
  maxNodes: 2_000,
  maxArrayLength: 1_000,
  maxStringLength: 1_024,
  /** Regex sources are short: matching cost grows with them, and a long one smells of abuse. */
  maxRegexLength: 256,
  maxProjectionFields: 200,
  maxSortFields: 5,
} as const;
