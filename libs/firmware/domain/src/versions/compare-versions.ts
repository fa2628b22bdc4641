/**
 * Firmware versions as vendors write them: `2.0.1`, `v3.10`, `2.0-rc1`, `1.2b`, `4.1_build45`,
 * `V300R019C10SPC120`, `1.0.0.20230115`. A version reads as a run of tokens, numbers and words,
 * split at every change between digits and letters and at `.`, `-`, `_`, `+`, `~` and spaces:
 *
 * - numbers compare by value: `3.10` > `3.9`, `1.02` = `1.2`, a date-like build `20231201` >
 *   `20230115`;
 * - a leading `v`/`V` before a digit is dropped: `v2.1` = `2.1`, `V300R019` = `300R019`;
 * - missing trailing zeros are equal: `2.0` = `2.0.0`, and separators are not significant:
 *   `2.0-rc1` = `2.0.rc1` = `2.0rc1`; letters compare without case;
 * - a pre-release word (dev, alpha, beta, pre, preview, rc, snapshot) ranks below the release it
 *   precedes, in that order: `2.0-alpha` < `2.0-beta2` < `2.0-rc1` < `2.0`;
 * - any other word or letter ranks above the release and below the next number: `2.0` <
 *   `2.0b` < `2.0_build45` < `2.0.1`; `V300R019C10` < `V300R019C10SPC120`;
 * - two different single letters compare alphabetically (`1.2a` < `1.2b`, patch letters).
 *
 * Versions are unordered (compareVersions answers `undefined`) where no vendor convention says
 * which is newer: two different words at the same place (`2.0-lte` and `2.0-gpon`, `...C10B010`
 * and `...C10SPC120`), or a version that does not start with a number (`GPON-A` and `1.0`;
 * two such strings are equal only when they are the same, without case).
 */

export type VersionOrder = -1 | 0 | 1;

type Token = { kind: 'number'; value: bigint } | { kind: 'word'; value: string };

const PRE_RELEASE_RANK: Readonly<Record<string, number>> = {
  dev: 0,
  snapshot: 0,
  alpha: 1,
  beta: 2,
  pre: 3,
  preview: 3,
  rc: 4,
};

const TOKEN = /[0-9]+|[a-z]+/g;

/** The version's tokens, or null when it does not start with a number (after a `v`). */
export function versionTokens(version: string): Token[] | null {
  const text = version
    .trim()
    .toLowerCase()
    .replace(/^v(?=\d)/, '');
  if (!/^\d/.test(text)) return null;
  return (text.match(TOKEN) ?? []).map((part) =>
    /^\d/.test(part) ? { kind: 'number', value: BigInt(part) } : { kind: 'word', value: part },
  );
}

const isPreRelease = (token: Token | undefined): boolean =>
  token?.kind === 'word' && token.value in PRE_RELEASE_RANK;

/**
 * Where `a` stands to `b` when `a` has run out of tokens and `b` goes on with `rest`: equal when
 * what follows is zeros, older than a word or number, newer than a pre-release.
 */
function endAgainst(rest: Token[]): VersionOrder {
  const next = rest.find((token) => token.kind === 'word' || token.value !== 0n);
  if (!next) return 0;
  return isPreRelease(next) ? 1 : -1;
}

function compareTokens(a: Token, b: Token): VersionOrder | undefined {
  if (a.kind === 'number' && b.kind === 'number')
    return a.value === b.value ? 0 : a.value < b.value ? -1 : 1;
  if (a.kind === 'word' && b.kind === 'word') {
    if (a.value === b.value) return 0;
    const rankA = PRE_RELEASE_RANK[a.value];
    const rankB = PRE_RELEASE_RANK[b.value];
    if (rankA !== undefined && rankB !== undefined)
      return rankA === rankB ? undefined : rankA < rankB ? -1 : 1;
    if (rankA !== undefined) return -1;
    if (rankB !== undefined) return 1;
    if (a.value.length === 1 && b.value.length === 1) return a.value < b.value ? -1 : 1;
    return undefined;
  }
  // A number against a word: the number is the next release, newer than any suffix of this one.
  return a.kind === 'number' ? 1 : -1;
}

/** -1, 0 or 1 as `a` is older than, the same as or newer than `b`; undefined when unordered. */
export function compareVersions(a: string, b: string): VersionOrder | undefined {
  const tokensA = versionTokens(a);
  const tokensB = versionTokens(b);
  if (!tokensA || !tokensB)
    return a.trim().toLowerCase() === b.trim().toLowerCase() ? 0 : undefined;
  for (let i = 0; ; i++) {
    const tokenA = tokensA[i];
    const tokenB = tokensB[i];
    if (!tokenA && !tokenB) return 0;
    if (!tokenA) return endAgainst(tokensB.slice(i));
    if (!tokenB) return (-endAgainst(tokensA.slice(i)) || 0) as VersionOrder;
    const order = compareTokens(tokenA, tokenB);
    if (order !== 0) return order;
  }
}

/** True when both are the same version by compareVersions (`2.0` and `v2.0.0`). */
export function sameVersion(a: string, b: string): boolean {
  return compareVersions(a, b) === 0;
}
