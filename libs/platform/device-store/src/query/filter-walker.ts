/**
 * The walk over a filter that checks every field and operator against the whitelist
 * (query-filter.ts is the public entry).
 */
import { FILTER_LIMITS, InvalidFilterError } from './invalid-filter';
import { isSummaryField, parameterPathOf } from './fields';

const LOGICAL = new Set(['$and', '$or', '$nor']);
const REGEX_FLAGS = /^(?!.*(.).*\1)[ims]*$/;

type Scalar = string | number | boolean | null;

export class FilterWalker {
  private nodes = 0;

  clauses(value: unknown, path: string, depth: number): void {
    if (!isPlainObject(value)) throw new InvalidFilterError('not-an-object', path, 'not an object');
    this.enter(path, depth);
    for (const [key, condition] of Object.entries(value)) {
      const keyPath = `${path}.${key}`;
      this.count(keyPath);
      if (LOGICAL.has(key)) {
        const clauses = this.array(condition, keyPath, depth + 1);
        if (clauses.length === 0) throw new InvalidFilterError('invalid-value', keyPath, 'empty');
        clauses.forEach((clause, i) => this.clauses(clause, `${keyPath}[${i}]`, depth + 2));
      } else if (key.startsWith('$')) {
        throw new InvalidFilterError('operator-not-allowed', keyPath, `${key} is not allowed`);
      } else if (isSummaryField(key) || parameterPathOf(key) !== null) {
        this.condition(condition, keyPath, depth + 1);
      } else {
        throw new InvalidFilterError('unknown-field', keyPath, `unknown field ${key}`);
      }
    }
  }

  /** A field's condition: a literal to equal, or an object of operators. */
  private condition(value: unknown, path: string, depth: number): void {
    if (isPlainObject(value)) return this.operators(value, path, depth);
    if (Array.isArray(value)) {
      this.array(value, path, depth).forEach((item, i) => this.scalar(item, `${path}[${i}]`));
      return;
    }
    if (value instanceof RegExp) return this.regex(value.source, value.flags, path);
    this.scalar(value, path);
  }

  private operators(value: Record<string, unknown>, path: string, depth: number): void {
    this.enter(path, depth);
    const entries = Object.entries(value);
    if (entries.length === 0) throw new InvalidFilterError('invalid-value', path, 'empty object');
    for (const [op, operand] of entries) {
      const opPath = `${path}.${op}`;
      this.count(opPath);
      switch (op) {
        case '$eq':
        case '$ne':
          this.scalar(operand, opPath);
          break;
        case '$gt':
        case '$gte':
        case '$lt':
        case '$lte':
          if (typeof operand !== 'string' && typeof operand !== 'number') {
            throw new InvalidFilterError('invalid-value', opPath, 'expects a string or a number');
          }
          this.scalar(operand, opPath);
          break;
        case '$in':
        case '$nin':
        case '$all':
          this.array(operand, opPath, depth + 1).forEach((item, i) =>
            item instanceof RegExp
              ? this.regex(item.source, item.flags, `${opPath}[${i}]`)
              : this.scalar(item, `${opPath}[${i}]`),
          );
          break;
        case '$exists':
          if (typeof operand !== 'boolean') {
            throw new InvalidFilterError('invalid-value', opPath, 'expects true or false');
          }
          break;
        case '$regex':
          this.regexOperator(operand, value['$options'], opPath);
          break;
        case '$options':
          if (!('$regex' in value)) {
            throw new InvalidFilterError('invalid-value', opPath, '$options without $regex');
          }
          break;
        case '$not':
          if (operand instanceof RegExp) this.regex(operand.source, operand.flags, opPath);
          else if (isPlainObject(operand)) this.operators(operand, opPath, depth + 1);
          else
            throw new InvalidFilterError('invalid-value', opPath, 'expects operators or a regex');
          break;
        case '$size':
          if (!Number.isSafeInteger(operand) || (operand as number) < 0) {
            throw new InvalidFilterError('invalid-value', opPath, 'expects a count');
          }
          break;
        case '$elemMatch':
          if (!isPlainObject(operand)) {
            throw new InvalidFilterError('invalid-value', opPath, 'expects operators');
          }
          this.operators(operand, opPath, depth + 1);
          break;
        default:
          throw new InvalidFilterError(
            op.startsWith('$') ? 'operator-not-allowed' : 'invalid-value',
            opPath,
            op.startsWith('$') ? `${op} is not allowed` : 'mixes operators and fields',
          );
      }
    }
  }

  private regexOperator(source: unknown, options: unknown, path: string): void {
    if (options !== undefined && typeof options !== 'string') {
      throw new InvalidFilterError('invalid-regex', path, '$options must be a string');
    }
    if (source instanceof RegExp)
      return this.regex(source.source, source.flags + (options ?? ''), path);
    if (typeof source !== 'string') {
      throw new InvalidFilterError('invalid-regex', path, 'expects a string or a regex');
    }
    this.regex(source, options ?? '', path);
  }

  private regex(source: string, flags: string, path: string): void {
    if (source.length > FILTER_LIMITS.maxRegexLength) {
      throw new InvalidFilterError(
        'regex-too-long',
        path,
        `longer than ${FILTER_LIMITS.maxRegexLength} characters`,
      );
    }
    if (!REGEX_FLAGS.test(flags)) {
      throw new InvalidFilterError('invalid-regex', path, `options ${flags}: only i, m, s`);
    }
    try {
      new RegExp(source, flags);
    } catch {
      throw new InvalidFilterError('invalid-regex', path, 'not a valid regular expression');
    }
  }

  private scalar(value: unknown, path: string): asserts value is Scalar {
    if (value === null || typeof value === 'boolean') return;
    if (typeof value === 'number' && Number.isFinite(value)) return;
    if (typeof value === 'string') {
      if (value.length > FILTER_LIMITS.maxStringLength) {
        throw new InvalidFilterError('too-large', path, 'string too long');
      }
      return;
    }
    throw new InvalidFilterError(
      'invalid-value',
      path,
      'expects a string, number, boolean or null',
    );
  }

  private array(value: unknown, path: string, depth: number): unknown[] {
    if (!Array.isArray(value))
      throw new InvalidFilterError('invalid-value', path, 'expects an array');
    this.enter(path, depth);
    if (value.length > FILTER_LIMITS.maxArrayLength) {
      throw new InvalidFilterError('too-large', path, `more than ${FILTER_LIMITS.maxArrayLength}`);
    }
    this.nodes += value.length;
    this.count(path);
    return value;
  }

  private enter(path: string, depth: number): void {
    if (depth > FILTER_LIMITS.maxDepth) {
      throw new InvalidFilterError(
        'too-deep',
        path,
        `nested deeper than ${FILTER_LIMITS.maxDepth}`,
      );
    }
  }

  private count(path: string): void {
    if (++this.nodes > FILTER_LIMITS.maxNodes) {
      throw new InvalidFilterError('too-large', path, `more than ${FILTER_LIMITS.maxNodes} parts`);
    }
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
