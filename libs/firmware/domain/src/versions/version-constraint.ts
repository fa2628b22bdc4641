import { compareVersions, versionTokens } from './compare-versions';

/**
 * Which versions an image may be installed over, as an operator writes it:
 *
 * - `*`: any version (also an empty constraint);
 * - `2.x` / `2.*` / `2.1.x`: a version whose leading numbers are those (`2.0`, `2.9.1-rc1`);
 * - comparisons joined by spaces, all of which must hold: `>=2.0 <3.0`, `>1.4.2`, `=2.1`, `!=2.2`;
 * - alternatives joined by `||`: `1.x || >=2.5`.
 *
 * A comparison with an unordered version (see compareVersions) does not hold: an image is never
 * installed over a version nobody can place.
 */
export type VersionConstraint = (version: string) => boolean;

export class InvalidVersionConstraintError extends Error {
  constructor(
    readonly constraint: string,
    readonly detail: string,
  ) {
    super(`version constraint ${JSON.stringify(constraint)}: ${detail}`);
    this.name = 'InvalidVersionConstraintError';
  }
}

const COMPARISON = /^(>=|<=|!=|>|<|=)?(.+)$/;
const WILDCARD = /^[vV]?(\d+(?:\.\d+)*)\.[xX*]$/;

function leadingNumbers(version: string): bigint[] {
  const numbers: bigint[] = [];
  for (const token of versionTokens(version) ?? []) {
    if (token.kind !== 'number') break;
    numbers.push(token.value);
  }
  return numbers;
}

function termOf(term: string, whole: string): VersionConstraint {
  if (term === '*') return () => true;
  const wildcard = WILDCARD.exec(term);
  if (wildcard) {
    const prefix = (wildcard[1] ?? '').split('.').map((part) => BigInt(part));
    return (version) => {
      const numbers = leadingNumbers(version);
      return prefix.every((value, i) => numbers[i] === value);
    };
  }
  const [, operator = '=', operand = ''] = COMPARISON.exec(term) ?? [];
  if (!versionTokens(operand))
    throw new InvalidVersionConstraintError(whole, `${operand} is not a version`);
  const holds: Record<string, (order: number) => boolean> = {
    '>=': (order) => order >= 0,
    '<=': (order) => order <= 0,
    '>': (order) => order > 0,
    '<': (order) => order < 0,
    '=': (order) => order === 0,
    '!=': (order) => order !== 0,
  };
  const test = holds[operator] ?? holds['='];
  return (version) => {
    const order = compareVersions(version, operand);
    return order !== undefined && test !== undefined && test(order);
  };
}

/** The constraint as a test; throws InvalidVersionConstraintError when it cannot be read. */
export function parseVersionConstraint(constraint: string): VersionConstraint {
  const trimmed = constraint.trim();
  if (trimmed === '') return () => true;
  const alternatives = trimmed.split('||').map((alternative) => {
    const terms = alternative
      .trim()
      .split(/\s+/)
      .filter((term) => term !== '');
    if (terms.length === 0)
      throw new InvalidVersionConstraintError(constraint, 'empty alternative');
    const tests = terms.map((term) => termOf(term, constraint));
    return (version: string) => tests.every((test) => test(version));
  });
  return (version) => alternatives.some((alternative) => alternative(version));
}
