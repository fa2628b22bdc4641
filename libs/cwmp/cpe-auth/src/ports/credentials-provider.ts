/**
 * Where the gateway finds the username/password a CPE is expected to present.
 *
 * Why the lookup takes both the presented username and an optional device: the username a CPE
 * sends is whatever the operator provisioned into ManagementServer.Username (often shared by a
 * whole device class, sometimes derived from the serial number), not something the gateway can
 * derive from the Inform. So:
 * - with a device (the gateway decoded the Inform's DeviceId), the provider answers that device's
 *   own credentials, else its class's (OUI + ProductClass). Binding the credentials to the
 *   device the Inform claims to be stops one CPE's valid password from opening a session in the
 *   name of another device.
 * - without one (the first request of a challenge, or a gateway that authenticates before it
 *   decodes), the provider answers every entry provisioned with that username. Usernames shared
 *   by several classes with different passwords are legitimate, so this returns candidates and
 *   the caller accepts the one the presented digest matches.
 */
export interface DeviceIdentity {
  oui: string;
  /** Empty when the device reports none. */
  productClass: string;
  serialNumber: string;
}

export interface CredentialsQuery {
  /** The username the CPE presented. */
  username: string;
  device?: DeviceIdentity;
}

export interface ExpectedCredentials {
  username: string;
  password: string;
  /** Which entry matched, for logs: `device:<id>` or `class:<OUI>-<ProductClass>`. Not secret. */
  source: string;
}

export interface CredentialsProvider {
  /** Candidates whose username equals `query.username`; empty when none. */
  find(query: CredentialsQuery): Promise<readonly ExpectedCredentials[]>;
}

/** The platform's device id (see @acs/contracts): credentials entries per device are keyed by it. */
export { deviceIdOf } from '@acs/contracts';

export function deviceClassOf(device: Pick<DeviceIdentity, 'oui' | 'productClass'>): string {
  return `${device.oui}-${device.productClass}`;
}
