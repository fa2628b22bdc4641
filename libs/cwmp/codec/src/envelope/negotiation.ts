import { CWMP_VERSIONS, CwmpVersion, compareVersions, versionOfNamespace } from './versions';
import type { SoapHeader } from './header';

export type VersionNegotiation =
  /** Use `version`; send UseCWMPVersion only when `announce` (the CPE sent SupportedCWMPVersions). */
  | { ok: true; version: CwmpVersion; announce: boolean }
  /** No common version: answer fault 8006. */
  | { ok: false; offered: string[] };

/**
 * CWMP 1.4 negotiation (TR-069 A.3.2.1.1): a CPE lists its versions in SupportedCWMPVersions
 * ("1.0, 1.2,1.4": comma list, blanks trimmed); the ACS picks the highest it supports too and says
 * so in UseCWMPVersion. A CPE that does not send the header speaks the version of its namespace.
 */
export function negotiateVersion(
  header: SoapHeader,
  namespace: string,
  acsVersions: readonly CwmpVersion[] = CWMP_VERSIONS,
): VersionNegotiation {
  if (header.supportedCwmpVersions !== undefined) {
    const offered = header.supportedCwmpVersions;
    const common = acsVersions.filter((version) =>
      offered.some((entry) => compareVersions(entry, version) === 0),
    );
    const best = common.sort(compareVersions).pop();
    return best ? { ok: true, version: best, announce: true } : { ok: false, offered };
  }
  const version = versionOfNamespace(namespace);
  if (version && acsVersions.includes(version)) return { ok: true, version, announce: false };
  return { ok: false, offered: version ? [version] : [] };
}

export function parseVersionList(text: string): string[] {
  return text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}
