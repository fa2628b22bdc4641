import type { DeviceLifecycleEvent, ParameterData } from '@acs/contracts';
import type { DeviceUpdate } from '@acs/device-store';
import type { KnownDevice } from '@acs/inventory-domain';
import {
  openConnectionRequest,
  openSealedParameters,
  SECRET_MASK,
  sealConnectionRequestPassword,
  sealParameterValue,
  type Secrets,
} from '@acs/secrets';
import type { InventoryLog } from './inventory-log';

/**
 * Secret parameter values (passwords, passphrases, keys: see @acs/secrets) at the edges of
 * inventory: sealed before they reach the device store, opened when read back for learning (so
 * the domain compares plaintexts and stays pure), and masked in the lifecycle events that leave
 * for acs.events. Each value is sealed with its device and path as context, so a sealed value
 * copied onto another device or parameter does not open. The JSON of the value is sealed, so a
 * number (TR-098's WPS DevicePassword) comes back a number.
 */
export class SecretValues {
  constructor(
    private readonly secrets: Secrets,
    private readonly log: InventoryLog,
  ) {}

  isSecret(path: string): boolean {
    return this.secrets.parameters.isSecret(path);
  }

  /**
   * The known devices with their secret values and connection-request password opened. A value stored before secrets were sealed
   * is taken as it is (the next learn seals it); one that does not open (a key removed from the
   * ring, an altered document) is logged and treated as not known, so learning sets it afresh.
   */
  openKnown(known: Map<string, KnownDevice>): void {
    for (const device of known.values()) {
      const unopened = (path: string, error: Error) => this.unopened(device.deviceId, path, error);
      device.parameters = openSealedParameters(
        this.secrets,
        device.deviceId,
        device.parameters,
        unopened,
      );
      if (device.connectionRequest)
        device.connectionRequest = openConnectionRequest(
          this.secrets.keyring,
          device.deviceId,
          device.connectionRequest,
          unopened,
        );
    }
  }

  /** Seals the update's secret values and connection-request password in place. */
  sealUpdate(update: DeviceUpdate): void {
    for (const parameter of update.setParameters ?? []) {
      if (parameter.value === undefined || !this.isSecret(parameter.path)) continue;
      parameter.value = this.seal(update.deviceId, parameter.path, parameter.value);
    }
    const connectionRequest = update.upsert?.connectionRequest;
    if (connectionRequest?.password !== undefined)
      update.upsert = {
        ...update.upsert,
        connectionRequest: {
          ...connectionRequest,
          password: sealConnectionRequestPassword(
            this.secrets.keyring,
            update.deviceId,
            connectionRequest.password,
          ),
        },
      };
  }

  /** The events with every secret value changed replaced by the mask. */
  maskLifecycle(events: readonly DeviceLifecycleEvent[]): DeviceLifecycleEvent[] {
    return events.map((event) => {
      if (event.type !== 'DeviceParametersChanged') return event;
      const changes = event.changes.map((change) =>
        this.isSecret(change.path)
          ? { path: change.path, oldValue: SECRET_MASK, newValue: SECRET_MASK }
          : change,
      );
      return { ...event, changes };
    });
  }

  seal(deviceId: string, path: string, value: ParameterData): string {
    return sealParameterValue(this.secrets.keyring, deviceId, path, value);
  }

  private unopened(deviceId: string, path: string, error: Error): void {
    this.log.warn('a sealed secret parameter does not open; treated as unknown', {
      deviceId,
      path,
      error: error.message,
    });
  }
}
