import { deviceParameterContext } from './secret-parameters';
import { SecretKeyring, SecretTamperedError } from './keyring';
import type { Secrets } from './secret-settings';

/** A CPE parameter's value as the stores hold it (ParameterData in @acs/contracts). */
export type SecretParameterValue = string | number | boolean | null;

/**
 * A device's secret parameter values, sealed for that device and path: inventory seals what it
 * learns, provisioning opens what it compares with a preset's values, the operator API opens one
 * for a reveal. The JSON of the value is sealed, so a number (TR-098's WPS DevicePassword) comes
 * back a number.
 */
export function sealParameterValue(
  keyring: SecretKeyring,
  deviceId: string,
  path: string,
  value: SecretParameterValue,
): string {
  return keyring.seal(JSON.stringify(value), deviceParameterContext(deviceId, path));
}

/** Throws UnknownSecretKeyError or SecretTamperedError: never a wrong value. */
export function openParameterValue(
  keyring: SecretKeyring,
  deviceId: string,
  path: string,
  sealed: string,
): SecretParameterValue {
  const value: unknown = JSON.parse(keyring.open(sealed, deviceParameterContext(deviceId, path)));
  if (value === null || ['string', 'number', 'boolean'].includes(typeof value))
    return value as SecretParameterValue;
  throw new SecretTamperedError('the opened value is not a parameter value');
}

/**
 * The parameters with their sealed secret values opened (a copy where anything was opened). Only
 * secret parameters are opened: a CPE may well report a plain value that looks sealed. A value
 * stored before sealing began is kept as it is; one that does not open (a key removed from the
 * ring, an altered document) loses its value, so a reader treats it as unknown, and is reported
 * to `onUnopened` (without the value) for the caller to log.
 */
export function openSealedParameters<P extends { value?: SecretParameterValue }>(
  secrets: Secrets,
  deviceId: string,
  parameters: Record<string, P>,
  onUnopened: (path: string, error: Error) => void,
): Record<string, P> {
  let opened: Record<string, P> | null = null;
  for (const [path, parameter] of Object.entries(parameters)) {
    if (!SecretKeyring.isSealed(parameter.value) || !secrets.parameters.isSecret(path)) continue;
    opened ??= { ...parameters };
    const copy = { ...parameter };
    try {
      copy.value = openParameterValue(secrets.keyring, deviceId, path, parameter.value);
    } catch (error) {
      delete copy.value;
      onUnopened(path, error as Error);
    }
    opened[path] = copy;
  }
  return opened ?? parameters;
}

/** Where a device's connection-request password is sealed for, beside its parameters. */
const CONNECTION_REQUEST_PASSWORD = 'connectionRequest.password';

/** The device's connection-request password sealed (inventory keeps it so). */
export function sealConnectionRequestPassword(
  keyring: SecretKeyring,
  deviceId: string,
  password: string,
): string {
  return sealParameterValue(keyring, deviceId, CONNECTION_REQUEST_PASSWORD, password);
}

/**
 * The connection-request details with their password opened (a copy when it was sealed). One
 * that does not open is dropped and reported: a connection request then goes without it and the
 * CPE's 401 says so, rather than sending the ciphertext as a password.
 */
export function openConnectionRequest<C extends { password?: string }>(
  keyring: SecretKeyring,
  deviceId: string,
  connectionRequest: C,
  onUnopened: (path: string, error: Error) => void,
): C {
  const { password } = connectionRequest;
  if (!SecretKeyring.isSealed(password)) return connectionRequest;
  const opened = { ...connectionRequest };
  try {
    const value = openParameterValue(keyring, deviceId, CONNECTION_REQUEST_PASSWORD, password);
    if (typeof value !== 'string') throw new SecretTamperedError('not a password');
    opened.password = value;
  } catch (error) {
    delete opened.password;
    onUnopened(CONNECTION_REQUEST_PASSWORD, error as Error);
  }
  return opened;
}
