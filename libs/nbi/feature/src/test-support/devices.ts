import { deviceParameterContext, type SecretKeyring } from '@acs/secrets';
import type { DeviceFault, DeviceUpdate, PostureFinding, StoredParameter } from '@acs/device-store';

let counter = 0;

const leaf = (path: string, value: string | number | boolean): StoredParameter => ({
  path,
  object: false,
  value,
  type:
    typeof value === 'number' ? 'unsignedInt' : typeof value === 'boolean' ? 'boolean' : 'string',
  writable: true,
  valueAt: '2026-11-21T09:00:00.000Z',
});

export interface SeedDevice {
  deviceId: string;
  productClass?: string;
  softwareVersion?: string;
  /** Seconds after 2026-11-21T09:00:00Z. */
  informAt?: number;
  faults?: Pick<DeviceFault, 'faultId' | 'code' | 'message' | 'source'>[];
  /** Secret leaves by path, sealed as inventory seals them (with the test app's keyring). */
  secrets?: Record<string, string>;
  /** As inventory assesses it; seeding also sets the posture:<id> tags inventory would. */
  posture?: PostureFinding[];
}

/** What inventory would write for a device's Inform: identity, a small TR-181 tree, faults. */
export function informOf(device: SeedDevice, keyring?: SecretKeyring): DeviceUpdate {
  const occurredAt = new Date(
    Date.UTC(2026, 10, 21, 9) + (device.informAt ?? 0) * 1000,
  ).toISOString();
  return {
    eventId: `seed-${process.pid}-${++counter}`,
    deviceId: device.deviceId,
    occurredAt,
    upsert: {
      oui: '00D09E',
      productClass: device.productClass ?? 'HG8245',
      serialNumber: device.deviceId.split('-').pop() ?? device.deviceId,
      manufacturer: 'Acme',
      dataModelRoot: 'Device.',
      lastInform: occurredAt,
      periodicInformInterval: 300,
      online: true,
      connectionRequest: {
        url: 'http://10.0.0.7:7547/cr',
        username: 'cr-user',
        password: 'cr-secret',
      },
    },
    setParameters: [
      { path: 'Device.', object: true },
      { path: 'Device.DeviceInfo.', object: true },
      leaf('Device.DeviceInfo.SoftwareVersion', device.softwareVersion ?? '1.0.0'),
      leaf('Device.DeviceInfo.UpTime', 1200),
      { path: 'Device.WiFi.', object: true },
      { path: 'Device.WiFi.SSID.', object: true },
      { path: 'Device.WiFi.SSID.1.', object: true },
      leaf('Device.WiFi.SSID.1.SSID', 'home'),
      leaf('Device.WiFi.SSID.1.Enable', true),
      ...Object.entries(device.secrets ?? {}).map(([path, value]) =>
        leaf(
          path,
          keyring
            ? keyring.seal(JSON.stringify(value), deviceParameterContext(device.deviceId, path))
            : value,
        ),
      ),
    ],
    ...(device.posture ? { posture: device.posture } : {}),
    addFaults: (device.faults ?? []).map((fault) => ({
      ...fault,
      deviceId: device.deviceId,
      occurredAt,
    })),
  };
}
