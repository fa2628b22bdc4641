/**
 * A small fleet for the query contracts, described as plain data so that every expectation is
 * computed here in plain JavaScript, independently of any query engine.
 */
import { DeviceStore, StoredParameter } from '../device-store';
import { at, change, inform, leaf, object, unique } from './fixtures';

export interface FleetDevice {
  deviceId: string;
  n: number;
  oui: string;
  productClass: string;
  serialNumber: string;
  lastInform: string;
  /** Only even devices rebooted. */
  lastBoot?: string;
  online: boolean;
  softwareVersion: string;
  upTime: number;
  /** Only devices 1-6 have an SSID. */
  ssid?: string;
  tags: string[];
}

export const FLEET_SIZE = 12;

export function describeFleet(): FleetDevice[] {
  const run = unique('fleet');
  return Array.from({ length: FLEET_SIZE }, (_, i) => {
    const n = i + 1;
    const device: FleetDevice = {
      deviceId: `${run}-${String(n).padStart(2, '0')}`,
      n,
      oui: n % 2 === 0 ? '00D09E' : 'A0B1C2',
      productClass: `HG${n % 3}`,
      serialNumber: `SN${n % 4 === 0 ? 'X' : 'Y'}${String(n).padStart(4, '0')}`,
      lastInform: at(1_000 - n * 10),
      online: n % 3 !== 0,
      softwareVersion: `v${(n % 3) + 1}.0`,
      upTime: n * 100,
      tags: [...(n <= 4 ? ['north'] : ['south']), ...(n % 5 === 0 ? ['vip'] : [])],
    };
    if (n % 2 === 0) device.lastBoot = at(n);
    if (n <= 6) device.ssid = `net-${n}`;
    return device;
  });
}

export async function seedFleet(store: DeviceStore, fleet: readonly FleetDevice[]): Promise<void> {
  const updates = fleet.map((d) => {
    const parameters: StoredParameter[] = [
      leaf('Device.DeviceInfo.SoftwareVersion', d.softwareVersion),
      leaf('Device.DeviceInfo.UpTime', d.upTime),
      object('Device.WiFi.SSID.1.'),
      leaf('Device.WiFi.SSID.1.Enable', d.n % 2 === 0),
    ];
    if (d.ssid) parameters.push(leaf('Device.WiFi.SSID.1.SSID', d.ssid));
    const update = inform(d.deviceId, {
      oui: d.oui,
      productClass: d.productClass,
      serialNumber: d.serialNumber,
      parameters,
    });
    update.upsert = { ...update.upsert, lastInform: d.lastInform, online: d.online };
    if (d.lastBoot) update.upsert.lastBoot = d.lastBoot;
    return update;
  });
  // Two batches, so that the queries see devices written by more than one transaction.
  await store.applyBatch(updates.slice(0, 5));
  await store.applyBatch(updates.slice(5));
  for (const tag of ['north', 'south', 'vip']) {
    const tagged = fleet.filter((d) => d.tags.includes(tag)).map((d) => d.deviceId);
    await store.updateTags({ deviceId: { $in: tagged } }, [tag], []);
  }
  // A later change: the fleet's last device moves to another product class.
  const last = fleet[fleet.length - 1];
  if (last) {
    last.productClass = 'HG-new';
    await store.applyBatch([change(last.deviceId, 2_000, { upsert: { productClass: 'HG-new' } })]);
  }
}

/** The fleet's n-th device (from 1). */
export function nthDevice(fleet: readonly FleetDevice[], n: number): FleetDevice {
  const device = fleet[n - 1];
  if (!device) throw new Error(`the fleet has no device ${n}`);
  return device;
}

/** The fleet's deviceIds passing `predicate`, in deviceId order. */
export function expectedIds(
  fleet: readonly FleetDevice[],
  predicate: (d: FleetDevice) => boolean,
): string[] {
  return fleet
    .filter(predicate)
    .map((d) => d.deviceId)
    .sort();
}
