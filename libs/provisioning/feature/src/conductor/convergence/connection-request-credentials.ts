import type { StoredDevice } from '@acs/contracts';
import type { AppliedConfiguration, DeviceView } from '@acs/provisioning-domain';
import type { SecretKeyring } from '@acs/secrets';

export interface ConnectionRequestCredentials {
  username: string;
  password: string;
}

/** The credentials the platform gives a device for its connection requests. */
export type ConnectionRequestCredentialSource = (deviceId: string) => ConnectionRequestCredentials;

/** Lowest of all: a preset or service profile that sets them wins. */
const PRECEDENCE = Number.MIN_SAFE_INTEGER;
export const CONNECTION_REQUEST_CREDENTIALS_SOURCE = 'platform:connection-request-credentials';

/**
 * Unique per device, unpredictable without the secret key, and the same every time they are
 * asked for while the key is current: a session that set them and reads them back finds them
 * converged, and a session that failed to set them tries the same values again.
 */
export function derivedConnectionRequestCredentials(
  keyring: SecretKeyring,
): ConnectionRequestCredentialSource {
  return (deviceId) => ({
    username: `acs-${keyring.derive(`connection-request-username|${deviceId}`, 6).toString('hex')}`,
    password: keyring.derive(`connection-request-password|${deviceId}`, 18).toString('base64url'),
  });
}

/**
 * Connection requests work out of the box: a CPE's connection-request password is write-only
 * (TR-069 has it read back empty), so the platform can only know one it set. A device for which
 * inventory holds none gets unique credentials, declared like a configuration of the lowest
 * precedence, and set in its session with whatever else applies. Once inventory has learnt the
 * password from that SetParameterValues, nothing is declared any more. A device class whose
 * credentials are known otherwise says so (`ownConnectionRequestCredentials`).
 */
export function connectionRequestCredentialsApplied(
  view: DeviceView,
  stored: Pick<StoredDevice, 'connectionRequest'> | null,
  credentials: ConnectionRequestCredentials,
): AppliedConfiguration | null {
  if (stored?.connectionRequest.password !== undefined) return null;
  const root = view.dataModelRoot;
  if (!root) return null;
  return {
    configuration: {
      parameters: [
        { path: `${root}ManagementServer.ConnectionRequestUsername`, value: credentials.username },
        { path: `${root}ManagementServer.ConnectionRequestPassword`, value: credentials.password },
      ],
    },
    precedence: PRECEDENCE,
    source: CONNECTION_REQUEST_CREDENTIALS_SOURCE,
  };
}
