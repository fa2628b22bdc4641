import type { ApiKeyRole } from '@acs/nbi-data-access';
import { roleAllows } from '../roles';

/** The claim at a dotted path (`realm_access.roles`), or undefined. */
function claimAt(payload: Record<string, unknown>, path: string): unknown {
  let value: unknown = payload;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/**
 * The highest API role the token's role claim grants through the map, or null when it grants none.
 * The claim may be a list of names or one name (some providers flatten a single group); names the
 * map does not know are ignored, so the provider may carry roles of other applications.
 */
export function roleOfToken(
  payload: Record<string, unknown>,
  claimPath: string,
  roleMap: Readonly<Record<string, ApiKeyRole>>,
): ApiKeyRole | null {
  const claim = claimAt(payload, claimPath);
  const names = Array.isArray(claim) ? claim : [claim];
  let best: ApiKeyRole | null = null;
  for (const name of names) {
    if (typeof name !== 'string' || !Object.hasOwn(roleMap, name)) continue;
    const role = roleMap[name] as ApiKeyRole;
    if (best === null || !roleAllows(best, role)) best = role;
  }
  return best;
}
