/**
 * CWMP versions, each stated as what it changed on the one before (TR-069 Amendments 1-6).
 * Versions 1.2 to 1.4 share the `cwmp-1-2` namespace; some stacks still send `cwmp-1-3` or
 * `cwmp-1-4`, which are read as those versions and echoed back unchanged.
 */
export type CwmpVersion = '1.0' | '1.1' | '1.2' | '1.3' | '1.4';

interface VersionChange {
  version: CwmpVersion;
  namespace: string;
  addedMethods: readonly string[];
  addedHeaders: readonly string[];
}

const CHANGES: readonly VersionChange[] = [
  {
    version: '1.0',
    namespace: 'urn:dslforum-org:cwmp-1-0',
    addedMethods: [
      'GetRPCMethods',
      'GetParameterNames',
      'GetParameterValues',
      'SetParameterValues',
      'GetParameterAttributes',
      'SetParameterAttributes',
      'AddObject',
      'DeleteObject',
      'Reboot',
      'FactoryReset',
      'Download',
      'Upload',
      'ScheduleInform',
      'GetQueuedTransfers',
      'Inform',
      'TransferComplete',
      'RequestDownload',
      'Kicked',
    ],
    addedHeaders: ['ID', 'HoldRequests', 'NoMoreRequests'],
  },
  {
    version: '1.1',
    namespace: 'urn:dslforum-org:cwmp-1-1',
    addedMethods: ['AutonomousTransferComplete', 'GetAllQueuedTransfers'],
    addedHeaders: [],
  },
  {
    version: '1.2',
    namespace: 'urn:dslforum-org:cwmp-1-2',
    addedMethods: [
      'ScheduleDownload',
      'CancelTransfer',
      'ChangeDUState',
      'DUStateChangeComplete',
      'AutonomousDUStateChangeComplete',
    ],
    addedHeaders: [],
  },
  {
    version: '1.3',
    namespace: 'urn:dslforum-org:cwmp-1-2',
    addedMethods: [],
    addedHeaders: ['SessionTimeout'],
  },
  {
    version: '1.4',
    namespace: 'urn:dslforum-org:cwmp-1-2',
    addedMethods: [],
    addedHeaders: ['SupportedCWMPVersions', 'UseCWMPVersion'],
  },
];

export const CWMP_VERSIONS: readonly CwmpVersion[] = CHANGES.map((change) => change.version);

const NAMESPACE_PATTERN = /^urn:dslforum-org:cwmp-1-([0-4])$/;

export function isCwmpNamespace(uri: string): boolean {
  return NAMESPACE_PATTERN.test(uri.trim());
}

/** The version a namespace names (`cwmp-1-2` names 1.2; later versions say so in headers). */
export function versionOfNamespace(uri: string): CwmpVersion | undefined {
  const minor = NAMESPACE_PATTERN.exec(uri.trim())?.[1];
  return minor === undefined ? undefined : (`1.${minor}` as CwmpVersion);
}

/** The standard namespace for a version. */
export function namespaceOfVersion(version: CwmpVersion): string {
  return (CHANGES.find((change) => change.version === version) as VersionChange).namespace;
}

/** Whether a method exists in a version: introduced by it or by an earlier one. */
export function methodExistsIn(version: CwmpVersion, method: string): boolean {
  const base = method.endsWith('Response') ? method.slice(0, -'Response'.length) : method;
  return CHANGES.some((change) => change.version <= version && change.addedMethods.includes(base));
}

export function compareVersions(a: string, b: string): number {
  const [aMajor = 0, aMinor = 0] = a.split('.').map(Number);
  const [bMajor = 0, bMinor = 0] = b.split('.').map(Number);
  return aMajor - bMajor || aMinor - bMinor;
}
