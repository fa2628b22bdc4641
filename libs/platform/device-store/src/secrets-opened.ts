import { openConnectionRequest, openSealedParameters, type Secrets } from '@acs/secrets';
import type { DeviceReads, ProjectedDevice } from './device-store';

export interface SecretsOpenedLog {
  warn(message: string, fields?: Record<string, unknown>): void;
}

/**
 * The device store with secret values (passwords, passphrases) opened, for the readers that
 * compare them with a configuration's plaintext, provisioning's sessions and the operator API's
 * preview, and with the connection-request password opened, for the connection requests. Without opening, a preset that sets a passphrase would find it different in every
 * session and set it again each time. Every other reader gets the sealed values and masks them.
 * A value that does not open is logged (without it) and read as unknown.
 */
export function secretsOpened(
  reads: DeviceReads,
  secrets: Secrets,
  log: SecretsOpenedLog,
): DeviceReads {
  const opened = <D extends ProjectedDevice>(device: D): D => {
    const unopened = (path: string, error: Error) =>
      log.warn('a sealed secret does not open; read as unknown', {
        deviceId: device.deviceId,
        path,
        error: error.message,
      });
    const parameters =
      device.parameters &&
      openSealedParameters(secrets, device.deviceId, device.parameters, unopened);
    const connectionRequest =
      device.connectionRequest &&
      openConnectionRequest(secrets.keyring, device.deviceId, device.connectionRequest, unopened);
    if (parameters === device.parameters && connectionRequest === device.connectionRequest)
      return device;
    return {
      ...device,
      ...(parameters && { parameters }),
      ...(connectionRequest && { connectionRequest }),
    };
  };
  return {
    get: async (deviceId, options) => {
      const device = await reads.get(deviceId, options);
      return device && opened(device);
    },
    find: (async (query: Parameters<DeviceReads['find']>[0]) => {
      const page = await reads.find(query);
      return { ...page, devices: page.devices.map(opened) };
    }) as DeviceReads['find'],
    recentEvents: (deviceId, limit) => reads.recentEvents(deviceId, limit),
    listFaults: (query) => reads.listFaults(query),
    fault: (faultId) => reads.fault(faultId),
  };
}
