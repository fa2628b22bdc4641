import type { DeviceReads, ProjectedDevice, StoredDevice } from '@acs/device-store';
import type { DeviceFacts, DeviceModel } from '@acs/firmware-domain';

/** What the image library needs to know of devices: inventory's, read through its store. */
export interface DeviceFactsSource {
  /** The device's OUI, ProductClass and DeviceInfo versions; null when inventory has no device. */
  factsOf(deviceId: string): Promise<DeviceFacts | null>;
  /** Each distinct OUI, ProductClass and HardwareVersion of the fleet, once. */
  models(): Promise<DeviceModel[]>;
  /**
   * The facts of every device matching an inventory filter (the operator API's query language),
   * with its time zone when it reports one; at most `max` devices (a larger match says so).
   */
  matching(filter: Record<string, unknown>, max: number): Promise<MatchedDevices>;
}

export interface TargetDevice {
  readonly deviceId: string;
  readonly facts: DeviceFacts | null;
  /** Device.Time.LocalTimeZone (TR-181) or InternetGatewayDevice.Time.LocalTimeZoneName (TR-098). */
  readonly timeZone?: string;
}

export interface MatchedDevices {
  readonly devices: TargetDevice[];
  /** More devices matched than `max`. */
  readonly truncated: boolean;
}

const ROOTS = ['Device.', 'InternetGatewayDevice.'] as const;
const HARDWARE = 'DeviceInfo.HardwareVersion';
const SOFTWARE = 'DeviceInfo.SoftwareVersion';
const TIME_ZONES = ['Device.Time.LocalTimeZone', 'InternetGatewayDevice.Time.LocalTimeZoneName'];
const PAGE = 5_000;

function textOf(device: Partial<StoredDevice>, name: string): string | undefined {
  for (const root of ROOTS) {
    const value = device.parameters?.[`${root}${name}`]?.value;
    if (value !== undefined && value !== null && value !== '') return String(value);
  }
  return undefined;
}

function modelOf(device: ProjectedDevice): DeviceModel | null {
  if (!device.oui) return null;
  const hardwareVersion = textOf(device, HARDWARE);
  return {
    oui: device.oui,
    ...(device.productClass ? { productClass: device.productClass } : {}),
    ...(hardwareVersion === undefined ? {} : { hardwareVersion }),
  };
}

function targetOf(device: ProjectedDevice): TargetDevice {
  const model = modelOf(device);
  const softwareVersion = textOf(device, SOFTWARE);
  const timeZone = TIME_ZONES.map((path) => device.parameters?.[path]?.value).find(
    (value) => typeof value === 'string' && value.trim() !== '',
  );
  return {
    deviceId: device.deviceId,
    facts: model
      ? { ...model, ...(softwareVersion === undefined ? {} : { softwareVersion }) }
      : null,
    ...(typeof timeZone === 'string' ? { timeZone: timeZone.trim() } : {}),
  };
}

/**
 * DeviceFactsSource over inventory's device store. The fleet's models are read page by page with
 * only the fields they need (one pass over the devices: there is no distinct query on the store
 * port); the report that needs them is an operator's, not a session's.
 */
export class DeviceStoreFacts implements DeviceFactsSource {
  constructor(private readonly devices: DeviceReads) {}

  async factsOf(deviceId: string): Promise<DeviceFacts | null> {
    // Only DeviceInfo of the device's own root, not its whole tree.
    let device = await this.devices.get(deviceId, { subtree: 'Device.DeviceInfo.' });
    if (device?.dataModelRoot === 'InternetGatewayDevice.')
      device = await this.devices.get(deviceId, { subtree: 'InternetGatewayDevice.DeviceInfo.' });
    if (!device) return null;
    const hardwareVersion = textOf(device, HARDWARE);
    const softwareVersion = textOf(device, SOFTWARE);
    return {
      oui: device.oui,
      ...(device.productClass ? { productClass: device.productClass } : {}),
      ...(hardwareVersion === undefined ? {} : { hardwareVersion }),
      ...(softwareVersion === undefined ? {} : { softwareVersion }),
    };
  }

  async matching(filter: Record<string, unknown>, max: number): Promise<MatchedDevices> {
    const projection = [
      'oui',
      'productClass',
      ...ROOTS.flatMap((root) => [
        `parameters.${root}${HARDWARE}`,
        `parameters.${root}${SOFTWARE}`,
      ]),
      ...TIME_ZONES.map((path) => `parameters.${path}`),
    ];
    const devices: TargetDevice[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.devices.find({
        filter,
        projection,
        limit: Math.min(PAGE, max + 1 - devices.length),
        ...(cursor === undefined ? {} : { cursor }),
      });
      for (const device of page.devices) devices.push(targetOf(device));
      cursor = page.nextCursor;
    } while (cursor !== undefined && devices.length <= max);
    return { devices: devices.slice(0, max), truncated: devices.length > max };
  }

  async models(): Promise<DeviceModel[]> {
    const projection = [
      'oui',
      'productClass',
      ...ROOTS.map((root) => `parameters.${root}${HARDWARE}`),
    ];
    const seen = new Map<string, DeviceModel>();
    let cursor: string | undefined;
    do {
      const page = await this.devices.find({
        filter: {},
        projection,
        limit: PAGE,
        ...(cursor === undefined ? {} : { cursor }),
      });
      for (const device of page.devices) {
        const model = modelOf(device);
        if (model)
          seen.set(JSON.stringify([model.oui, model.productClass, model.hardwareVersion]), model);
      }
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    return [...seen.values()];
  }
}
