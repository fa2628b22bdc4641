import type { PostureFinding, PostureSeverity } from '@acs/contracts';
import { DEFAULT_CREDENTIALS, type DefaultCredential } from './default-credentials';
import { POSTURE_PARAMETERS, valueOf, type PostureFacts } from './posture-facts';

/** Every finding the assessment can make, with the severity it always carries. */
export const POSTURE_FINDINGS = {
  /** The CPE reaches the ACS over plain HTTP: its sessions can be read and altered on the way. */
  'acs-url-http': 'medium',
  /** The CPE's session was not authenticated: anyone can speak for the device. */
  'cpe-auth-none': 'critical',
  /** The CPE sent its ACS password in the clear (Basic without TLS). */
  'basic-auth-over-http': 'critical',
  /** No connection-request username, or a password the ACS set to empty: anyone can wake it. */
  'connection-request-credentials-empty': 'high',
  /** Connection-request credentials equal a published vendor default. */
  'connection-request-credentials-default': 'high',
  /** CWMP 1.0 or 1.1: before 1.2's session and security clarifications. */
  'cwmp-version-old': 'low',
  /** The firmware library holds a newer image for the model than the device runs. */
  'firmware-outdated': 'medium',
  /** The device's web UI is reachable from the WAN (UserInterface.RemoteAccess.Enable). */
  'remote-access-enabled': 'high',
} as const satisfies Record<string, PostureSeverity>;

export type PostureFindingId = keyof typeof POSTURE_FINDINGS;

const SEVERITY_RANK: Record<PostureSeverity, number> = { low: 0, medium: 1, high: 2, critical: 3 };

export function severityRank(severity: PostureSeverity): number {
  return SEVERITY_RANK[severity];
}

type Evidence = PostureFinding['evidence'];

/**
 * The device's security posture from what the platform already saw of it: one finding per
 * weakness, most severe first (then by id), each with the evidence it rests on. Pure: the same
 * facts always give the same findings. Secrets never enter the evidence.
 */
export function assessPosture(
  facts: PostureFacts,
  defaults: readonly DefaultCredential[] = DEFAULT_CREDENTIALS,
): PostureFinding[] {
  const found: PostureFinding[] = [];
  const add = (id: PostureFindingId, evidence: Evidence) =>
    found.push({ id, severity: POSTURE_FINDINGS[id], evidence });

  const acsUrl = valueOf(facts, POSTURE_PARAMETERS.acsUrl);
  const plainHttp = acsUrl !== undefined && /^http:/i.test(String(acsUrl.value).trim());
  if (acsUrl && plainHttp)
    add('acs-url-http', { parameter: acsUrl.path, url: String(acsUrl.value) });

  if (facts.cpeAuthentication === 'none') add('cpe-auth-none', { authentication: 'none' });
  if (facts.cpeAuthentication === 'basic' && acsUrl && plainHttp)
    add('basic-auth-over-http', { authentication: 'basic', url: String(acsUrl.value) });

  connectionRequestFindings(facts.connectionRequest, defaults, add);

  if (facts.cwmpVersion === '1.0' || facts.cwmpVersion === '1.1')
    add('cwmp-version-old', { cwmpVersion: facts.cwmpVersion });

  const software = valueOf(facts, POSTURE_PARAMETERS.softwareVersion);
  if (software && facts.newerFirmwareVersion !== undefined)
    add('firmware-outdated', {
      softwareVersion: String(software.value),
      newestVersion: facts.newerFirmwareVersion,
    });

  const remote = valueOf(facts, POSTURE_PARAMETERS.remoteAccess);
  if (remote && isTrue(remote.value))
    add('remote-access-enabled', { parameter: remote.path, value: remote.value });

  return found.sort(
    (a, b) => severityRank(b.severity) - severityRank(a.severity) || a.id.localeCompare(b.id),
  );
}

function connectionRequestFindings(
  credentials: PostureFacts['connectionRequest'],
  defaults: readonly DefaultCredential[],
  add: (id: PostureFindingId, evidence: Evidence) => void,
): void {
  const { username, password } = credentials;
  // Nothing learned yet is not a finding: the device may not have reported ManagementServer.
  if (username === undefined && password === undefined) return;
  const emptyUsername = username === '';
  const emptyPassword = password === '';
  if (emptyUsername || emptyPassword)
    add('connection-request-credentials-empty', {
      usernameEmpty: emptyUsername,
      // Unknown (undefined) is not empty: a CPE never reveals the password it holds.
      passwordEmpty: emptyPassword,
    });
  if (!username || !password) return;
  const matches = defaults.filter((d) => d.username === username && d.password === password);
  if (matches.length > 0)
    add('connection-request-credentials-default', {
      username,
      vendors: [...new Set(matches.map((d) => d.vendor))],
      sources: [...new Set(matches.map((d) => d.source))],
    });
}

/** xsd:boolean as CPEs send it: true, 1 (and the odd upper-case TRUE). */
function isTrue(value: string | number | boolean): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value === 1;
  const text = value.trim().toLowerCase();
  return text === 'true' || text === '1';
}
