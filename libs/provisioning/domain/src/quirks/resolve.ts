import { DEFAULT_ENCODE_OPTIONS } from '@acs/cwmp-codec';
import { globMatches } from './glob';
import {
  DEFAULT_QUIRK_BEHAVIOUR,
  type DeviceClassIdentity,
  type QuirkMatch,
  type QuirkProfile,
  type ResolvedQuirks,
} from './quirk-profile';

/**
 * The encode options and behaviour for one device class.
 *
 * Rule: every matching profile applies, field by field, over the defaults. Profiles are applied
 * from the least specific to the most specific, so the more specific one wins a field both set.
 * Specificity is the number of criteria a profile's `match` gives (OUI, product class, software
 * version): a profile for "this OUI, this product class, firmware 3.1.*" overrides one for "this
 * OUI". Between profiles of equal specificity, the later in the list wins.
 */
export function resolveQuirks(
  identity: DeviceClassIdentity,
  profiles: readonly QuirkProfile[],
): ResolvedQuirks {
  const matching = profiles
    .map((profile, index) => ({ profile, index, specificity: specificityOf(profile.match) }))
    .filter(({ profile }) => matches(profile.match, identity))
    .sort((a, b) => a.specificity - b.specificity || a.index - b.index);

  const resolved: ResolvedQuirks = {
    encode: { ...DEFAULT_ENCODE_OPTIONS },
    behaviour: { ...DEFAULT_QUIRK_BEHAVIOUR },
    matched: [],
  };
  for (const { profile } of matching) {
    Object.assign(resolved.encode, definedFields(profile.encode));
    Object.assign(resolved.behaviour, definedFields(profile.behaviour));
    resolved.matched.push(profile.id);
  }
  return resolved;
}

export function matches(match: QuirkMatch, identity: DeviceClassIdentity): boolean {
  if (match.oui && !match.oui.some((oui) => oui.toUpperCase() === identity.oui.toUpperCase()))
    return false;
  if (
    match.productClass &&
    !match.productClass.some((pattern) => globMatches(pattern, identity.productClass))
  )
    return false;
  if (match.softwareVersion !== undefined) {
    if (identity.softwareVersion === undefined) return false;
    if (!globMatches(match.softwareVersion, identity.softwareVersion)) return false;
  }
  return true;
}

function specificityOf(match: QuirkMatch): number {
  return (
    (match.oui ? 1 : 0) +
    (match.productClass ? 1 : 0) +
    (match.softwareVersion !== undefined ? 1 : 0)
  );
}

/** An explicit `undefined` in a profile must not erase a default. */
function definedFields<T extends object>(fields: T | undefined): Partial<T> {
  if (!fields) return {};
  return Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== undefined),
  ) as Partial<T>;
}
