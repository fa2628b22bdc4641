import {
  resolveQuirks,
  type QuirkProfile,
  type ResolvedQuirks,
  type SessionProgress,
} from '@acs/provisioning-domain';

/**
 * The device class's quirks, from what its Inform says it is. The software version is only
 * given when known, so profiles written for one firmware do not match a device that sent none.
 */
export function sessionQuirks(
  progress: SessionProgress,
  profiles: readonly QuirkProfile[],
): ResolvedQuirks {
  return resolveQuirks(
    {
      oui: progress.identity.oui,
      productClass: progress.identity.productClass,
      ...(progress.softwareVersion ? { softwareVersion: progress.softwareVersion } : {}),
    },
    profiles,
  );
}
