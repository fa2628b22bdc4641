import type { ProjectedDevice } from '@acs/device-store';
import { DeviceNotFoundError } from './errors';
import type { DeviceLookup } from './ports';

/**
 * The devices named, each read with its identity (OUI and serial number); DeviceNotFoundError,
 * listing every one not known, when any is missing.
 */
export async function requireDevices(
  devices: DeviceLookup,
  deviceIds: readonly string[],
): Promise<ProjectedDevice[]> {
  const page = await devices.find({
    filter: deviceIds.length === 1 ? { deviceId: deviceIds[0] } : { deviceId: { $in: deviceIds } },
    projection: ['deviceId', 'oui', 'serialNumber'],
    limit: deviceIds.length,
  });
  const known = new Set(page.devices.map((device) => device.deviceId));
  const missing = deviceIds.filter((deviceId) => !known.has(deviceId));
  if (missing.length > 0) throw new DeviceNotFoundError(missing);
  return page.devices;
}
