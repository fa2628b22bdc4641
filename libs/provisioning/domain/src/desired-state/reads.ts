import type { AcsRequest } from '@acs/cwmp-codec';
import type { QuirkBehaviour } from '../quirks/quirk-profile';
import { isCoveredBy, isObjectPath } from './paths';
import type { DeviceView, RenderedDesiredState } from './shapes';

/** What an RPC read, for the caller to add to its session's lists once the RPC is answered. */
export interface SessionReads {
  /** Subtrees and parameters whose values were read (GetParameterValues). */
  values: string[];
  /** Subtrees whose names were listed in full (GetParameterNames with NextLevel false). */
  names: string[];
}

/**
 * The reads an RPC performs. Record them after the RPC's outcome, fault or not: a read that
 * faults (a path this device does not have) must not be asked again in the same session.
 */
export function readsOf(request: AcsRequest): SessionReads {
  if (request.type === 'GetParameterValues')
    return { values: [...request.parameterNames], names: [] };
  if (request.type === 'GetParameterNames' && !request.nextLevel)
    return { values: [], names: [request.parameterPath] };
  return { values: [], names: [] };
}

/**
 * Refresh policies that are due: nothing is known under the path, something under it is stale,
 * or a parameter under it has no value read within `maxAgeSeconds`.
 */
export function dueRefreshPaths(
  desired: RenderedDesiredState,
  view: DeviceView,
  now: Date,
): string[] {
  return desired.refresh
    .filter(({ path, maxAgeSeconds }) => {
      const oldestAllowed = now.getTime() - maxAgeSeconds * 1000;
      let leaves = 0;
      for (const [candidate, entry] of Object.entries(view.parameters)) {
        if (!(isObjectPath(path) ? candidate.startsWith(path) : candidate === path)) continue;
        if (entry.stale) return true;
        if (entry.object) continue;
        leaves += 1;
        if (entry.valueAt === undefined || Date.parse(entry.valueAt) < oldestAllowed) return true;
      }
      return leaves === 0;
    })
    .map(({ path }) => path);
}

export interface ReadContext {
  view: DeviceView;
  quirks: QuirkBehaviour;
  readThisSession: readonly string[];
  namesReadThisSession: readonly string[];
}

/**
 * The next RPC reading the subtrees in `paths`, or undefined when this session already read them.
 * Several subtrees go in one GetParameterValues. A CPE that cannot answer a partial path gets
 * GetParameterNames of each subtree first, then its parameters by name in batches; its data-model
 * root is never listed when the profile forbids it (the parameters known there are read by name).
 */
export function nextRead(paths: readonly string[], context: ReadContext): AcsRequest | undefined {
  const { view, quirks, readThisSession, namesReadThisSession } = context;
  const unread = outermost(paths.filter((path) => !isCoveredBy(path, readThisSession)));
  if (unread.length === 0) return undefined;
  if (quirks.partialPathGpv) {
    const names = unread.slice(0, quirks.gpvBatchSize);
    return { type: 'GetParameterValues', parameterNames: names };
  }
  const toList = unread.find(
    (path) =>
      isObjectPath(path) &&
      !isCoveredBy(path, namesReadThisSession) &&
      (quirks.gpnOnRoot || path !== view.dataModelRoot),
  );
  if (toList) return { type: 'GetParameterNames', parameterPath: toList, nextLevel: false };
  const names = Object.entries(view.parameters)
    .filter(
      ([path, entry]) =>
        !entry.object && isCoveredBy(path, unread) && !isCoveredBy(path, readThisSession),
    )
    .map(([path]) => path)
    .sort()
    .slice(0, quirks.gpvBatchSize);
  return names.length > 0 ? { type: 'GetParameterValues', parameterNames: names } : undefined;
}

/** Drops paths inside another path of the list, and duplicates; sorted. */
function outermost(paths: readonly string[]): string[] {
  const sorted = [...new Set(paths)].sort();
  const kept: string[] = [];
  for (const path of sorted) {
    const last = kept[kept.length - 1];
    if (last !== undefined && isObjectPath(last) && path.startsWith(last)) continue;
    kept.push(path);
  }
  return kept;
}
