/**
 * Which CPE parameters hold secrets: those the Broadband Forum data models mark hidden or secured
 * (TR-181 Device:2, TR-098 InternetGatewayDevice:1, TR-104 VoiceService:2), recognised by name so
 * that vendor extensions named the same way (`X_ACME_WebPassword`) count too, plus the operator's
 * own list. The data-model test proves every marked parameter of the shipped models is covered.
 */

/** Last path segments that name a secret, at the end of the name (so `STUNPassword` counts). */
const SECRET_NAME_ENDINGS = [
  'Password',
  'Passphrase',
  'PreSharedKey',
  'WEPKey',
  'Secret',
  'PrivateKey',
  'EncryptionKey',
  'KeyValue',
  'PIN',
];

/** Secrets whose name alone says nothing (`Value`), as path patterns. */
const SECRET_PATHS = ['Device.USPAgent.ControllerTrust.Challenge.*.Value'];

const ENDING = new RegExp(`(${SECRET_NAME_ENDINGS.join('|')})$`);

/**
 * The operator's additions (ACS_SECRET_PARAMETERS): a bare name (`AdminKey`) matches that last
 * segment anywhere; a path (`Device.X_ACME_Cloud.Token`) matches that parameter, `*` or `{i}`
 * standing for one instance number or name.
 */
export class SecretParameters {
  private readonly names: ReadonlySet<string>;
  private readonly paths: readonly RegExp[];

  constructor(extra: readonly string[] = []) {
    const patterns = [...SECRET_PATHS, ...extra.filter((entry) => entry.includes('.'))];
    this.names = new Set(extra.filter((entry) => !entry.includes('.')));
    this.paths = patterns.map(pathPattern);
  }

  /** Objects (a trailing dot) hold no value, so they are never secret. */
  isSecret(path: string): boolean {
    if (path.endsWith('.')) return false;
    const name = path.slice(path.lastIndexOf('.') + 1);
    return ENDING.test(name) || this.names.has(name) || this.paths.some((re) => re.test(path));
  }
}

/** An entry of ACS_SECRET_PARAMETERS that cannot be a parameter name or path, or null. */
export function invalidSecretParameterEntry(entry: string): string | null {
  return /^[A-Za-z_][A-Za-z0-9_-]*(\.([A-Za-z0-9_-]+|\*|\{i\}))*$/.test(entry)
    ? null
    : `${JSON.stringify(entry)} is not a parameter name or path (segments, * or {i} for instances)`;
}

function pathPattern(pattern: string): RegExp {
  const segments = pattern
    .split('.')
    .map((segment) =>
      segment === '*' || segment === '{i}' ? '[^.]+' : segment.replace(/[-]/g, '\\-'),
    );
  return new RegExp(`^${segments.join('\\.')}$`);
}

/** What every reader but a reveal sees in place of a secret parameter's value. */
export const SECRET_MASK = '********';

/**
 * The context a device's secret parameter value is sealed for (inventory seals, the operator
 * API's reveal opens): a value copied onto another device or parameter does not open.
 */
export function deviceParameterContext(deviceId: string, path: string): string {
  return `device-parameter|${deviceId}|${path}`;
}
