import { requireDevices } from './devices';
import { ConnectionRequestsUnavailableError, DeviceNotFoundError } from './errors';
import type { ConnectionRequestPort, DeviceLookup, WakeOutcome } from './ports';

export interface RequestConnectionPorts {
  devices: DeviceLookup;
  /** null: this process sends no connection requests (ConnectionRequestsUnavailableError). */
  connectionRequests: ConnectionRequestPort | null;
}

/**
 * Asks a known device to open a session now (a TR-069 connection request) and says how that
 * ended: whether the device was reached is the outcome, not an error (each transport answers it
 * in its own terms). DeviceNotFoundError for a device not known, also when it was deleted
 * between the read and the request.
 */
export class RequestConnection {
  constructor(private readonly ports: RequestConnectionPorts) {}

  async execute(input: { deviceId: string }): Promise<WakeOutcome> {
    const { connectionRequests, devices } = this.ports;
    if (!connectionRequests) throw new ConnectionRequestsUnavailableError();
    await requireDevices(devices, [input.deviceId]);
    const woken = await connectionRequests.wake(input.deviceId);
    if (woken.outcome === 'unknown-device') throw new DeviceNotFoundError([input.deviceId]);
    return woken;
  }
}
