/**
 * `find` over any adapter: validation, candidates from the adapter's indexes in sort order,
 * mingo on each candidate unless the indexes already answered the whole filter, skip, limit,
 * cursor and total. Both adapters run this same code, so they page and match alike.
 */
import {
  DeviceFilter,
  DevicePage,
  DeviceQuery,
  DeviceSummary,
  ProjectedDevice,
} from '../device-store';
import { validateDeviceQuery } from '../query-filter';
import {
  afterKey,
  decodeCursor,
  encodeCursor,
  KeyTest,
  normalizeSort,
  sortKeyOf,
  SortSpec,
} from './cursor';
import { compileFilter, DevicePredicate, matchDocument, ParameterValue } from './matcher';
import { planFilter, Pushdown } from './plan';
import { compileProjection, ProjectionSpec } from './projection';

/** A candidate as the adapter found it: the summary, and whatever handle the adapter needs. */
export interface Candidate {
  summary: DeviceSummary;
}

export interface CandidateSource<C extends Candidate> {
  /** False when the adapter left some pushdowns out (too broad to use): mingo must decide. */
  readonly appliesAllPushdowns: boolean;
  /**
   * Up to `limit` devices passing every pushdown, in sort order, strictly after `after` when
   * given (a disjunction of conjunctions, see cursor.ts), the first `offset` of them left out.
   */
  candidates(after: KeyTest[][] | null, offset: number, limit: number): Promise<C[]>;
  /** How many devices pass every pushdown. */
  count(): Promise<number>;
  /**
   * The stored values of these parameters and of everything under them (a filter may name an
   * object, e.g. with `$exists`), for each candidate, keyed by deviceId.
   */
  parameterValues(candidates: C[], paths: string[]): Promise<Map<string, ParameterValue[]>>;
  /** The candidates as devices, shaped by the projection, in the given order. */
  materialize(candidates: C[], projection: ProjectionSpec): Promise<ProjectedDevice[]>;
}

export type CandidateSourceFactory<C extends Candidate> = (
  pushdowns: Pushdown[],
  sort: SortSpec,
) => Promise<CandidateSource<C>>;

const FIRST_CHUNK = 256;
const MAX_CHUNK = 4_096;

export async function runFind<C extends Candidate>(
  query: DeviceQuery,
  sourceFor: CandidateSourceFactory<C>,
): Promise<DevicePage<ProjectedDevice>> {
  validateDeviceQuery(query);
  const sort = normalizeSort(query.sort);
  const after =
    query.cursor === undefined ? null : afterKey(sort, decodeCursor(sort, query.cursor));
  const plan = planFilter(query.filter);
  const source = await sourceFor(plan.pushdowns, sort);
  const exact = plan.exact && source.appliesAllPushdowns;
  const scan = new Scanner(
    source,
    sort,
    exact ? null : compileFilter(query.filter),
    plan.parameterPaths,
  );

  const wanted = query.limit === 0 ? 0 : query.limit + 1;
  const found = after?.length === 0 ? [] : await scan.matches(after, query.skip ?? 0, wanted);
  const page = found.slice(0, query.limit);
  const devices = await source.materialize(page, compileProjection(query.projection));
  const result: DevicePage<ProjectedDevice> = { devices };
  const last = page[page.length - 1];
  if (found.length > page.length && last) {
    result.nextCursor = encodeCursor(sort, sortKeyOf(sort, last.summary));
  }
  if (query.withTotal) result.total = exact ? await source.count() : await scan.countAll();
  return result;
}

/** Every device matching `filter`, in deviceId order, in chunks (for bulk changes such as tags). */
export async function forEachMatch<C extends Candidate>(
  filter: DeviceFilter,
  sourceFor: CandidateSourceFactory<C>,
  onChunk: (matches: C[]) => Promise<void> | void,
): Promise<void> {
  validateDeviceQuery({ filter, limit: 0 });
  const sort = normalizeSort(undefined);
  const plan = planFilter(filter);
  const source = await sourceFor(plan.pushdowns, sort);
  const exact = plan.exact && source.appliesAllPushdowns;
  const scan = new Scanner(source, sort, exact ? null : compileFilter(filter), plan.parameterPaths);
  await scan.each(null, async (matches) => {
    await onChunk(matches);
    return true;
  });
}

class Scanner<C extends Candidate> {
  constructor(
    private readonly source: CandidateSource<C>,
    private readonly sort: SortSpec,
    /** null when the pushdowns are the whole filter. */
    private readonly predicate: DevicePredicate | null,
    private readonly parameterPaths: string[],
  ) {}

  async matches(after: KeyTest[][] | null, skip: number, wanted: number): Promise<C[]> {
    if (wanted === 0) return [];
    if (!this.predicate) return this.source.candidates(after, skip, wanted);
    const found: C[] = [];
    let toSkip = skip;
    await this.each(after, (matches) => {
      const kept = matches.slice(Math.min(toSkip, matches.length));
      toSkip -= matches.length - kept.length;
      found.push(...kept.slice(0, wanted - found.length));
      return found.length < wanted;
    });
    return found;
  }

  async countAll(): Promise<number> {
    let total = 0;
    await this.each(null, (matches) => {
      total += matches.length;
      return true;
    });
    return total;
  }

  /** Feeds the matches chunk by chunk until `onMatches` returns false or candidates run out. */
  async each(
    start: KeyTest[][] | null,
    onMatches: (matches: C[]) => boolean | Promise<boolean>,
  ): Promise<void> {
    let after = start;
    let chunk = FIRST_CHUNK;
    for (;;) {
      const candidates = await this.source.candidates(after, 0, chunk);
      const matches = await this.filter(candidates);
      if (matches.length > 0 && !(await onMatches(matches))) return;
      const last = candidates[candidates.length - 1];
      if (candidates.length < chunk || !last) return;
      after = afterKey(this.sort, sortKeyOf(this.sort, last.summary));
      chunk = Math.min(chunk * 2, MAX_CHUNK);
    }
  }

  private async filter(candidates: C[]): Promise<C[]> {
    const predicate = this.predicate;
    if (!predicate) return candidates;
    const values =
      this.parameterPaths.length > 0 && candidates.length > 0
        ? await this.source.parameterValues(candidates, this.parameterPaths)
        : new Map<string, ParameterValue[]>();
    return candidates.filter((candidate) =>
      predicate(matchDocument(candidate.summary, values.get(candidate.summary.deviceId) ?? [])),
    );
  }
}
