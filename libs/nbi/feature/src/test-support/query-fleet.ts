// The fleet the device-query suite seeds into both device stores, as plain data: every
// expectation of the suite is computed from it (device-queries-on-mongo.api.spec.ts).
import type { DeviceStore, DeviceUpdate, StoredParameter } from '@acs/device-store';

export const FLEET_SIZE = 240;
const OUIS = ['00D09E', 'A0B1C2', '001E58'] as const;
const PRODUCT_CLASSES = ['HG8245', 'F670L', 'HG8145V5', 'EX220', 'F660'] as const;
/** As text, so '10.0.0' sorts before '2.0.0' in a range filter. */
const VERSIONS = ['1.0.0', '1.2.0', '2.0.0', '2.1.3', '10.0.0'] as const;
const REGIONS = ['north', 'south', 'east'] as const;
const INTERVALS = [300, 600, 3600] as const;

/** The fields an API sort may name, as the fleet holds them. */
export type SortKey =
  | 'deviceId'
  | 'oui'
  | 'productClass'
  | 'serialNumber'
  | 'dataModelRoot'
  | 'lastInform'
  | 'lastBoot'
  | 'periodicInformInterval'
  | 'online';

export interface FleetDevice {
  n: number;
  deviceId: string;
  oui: string;
  productClass: string;
  serialNumber: string;
  dataModelRoot: 'Device.' | 'InternetGatewayDevice.';
  lastInform: string;
  /** Only every third device rebooted. */
  lastBoot?: string;
  periodicInformInterval: number;
  online: boolean;
  tags: string[];
  softwareVersion: string;
  upTime: number;
  /** Not every device has an SSID (n % 6 === 5 have none). */
  ssid?: string;
  wifiEnabled: boolean;
  /** Informed twice: first with an older state (version 0.9.0, offline, another SSID). */
  upgraded: boolean;
}

const EPOCH = Date.UTC(2026, 2, 1);
export const minutes = (m: number) => new Date(EPOCH + m * 60_000).toISOString();

/** The fleet as it ends up after seeding. Ties on purpose: 40 distinct lastInform values. */
export function describeFleet(): FleetDevice[] {
  return Array.from({ length: FLEET_SIZE }, (_, n) => {
    const oui = OUIS[n % 3] as string;
    const productClass = PRODUCT_CLASSES[Math.floor(n / 3) % 5] as string;
    // A permutation of n (7919 is invertible modulo the prime 100003): deviceId order is not n's.
    const serialNumber = `SN${String((n * 7919) % 100_003).padStart(6, '0')}`;
    const tags: string[] = [];
    if (n % 13 !== 0) tags.push(REGIONS[Math.floor(n / 10) % 3] as string);
    if (n % 7 === 0) tags.push('lab');
    if (n % 11 === 0) tags.push('vip');
    const device: FleetDevice = {
      n,
      deviceId: `${oui}-${productClass}-${serialNumber}`,
      oui,
      productClass,
      serialNumber,
      dataModelRoot: n % 10 === 9 ? 'InternetGatewayDevice.' : 'Device.',
      lastInform: minutes(1_000 + (n % 40) * 15),
      periodicInformInterval: INTERVALS[Math.floor(n / 7) % 3] as number,
      online: n % 4 !== 1,
      tags: tags.sort(),
      softwareVersion: VERSIONS[n % 5] as string,
      upTime: (n * 3613) % 86_400,
      wifiEnabled: n % 2 === 0,
      upgraded: n % 8 === 0,
    };
    if (n % 3 === 0) device.lastBoot = minutes(n % 20);
    if (n % 6 !== 5) device.ssid = `home-${n % 17}`;
    return device;
  });
}

const leaf = (path: string, value: string | number | boolean, at: string): StoredParameter => ({
  path,
  object: false,
  value,
  type:
    typeof value === 'number' ? 'unsignedInt' : typeof value === 'boolean' ? 'boolean' : 'string',
  writable: path.endsWith('SSID') || path.endsWith('Enable'),
  valueAt: at,
});
const node = (path: string): StoredParameter => ({ path, object: true });

/** Where a device keeps its first SSID: TR-181 or TR-098. */
export function wifiPaths(root: FleetDevice['dataModelRoot']) {
  const wlan =
    root === 'Device.'
      ? 'Device.WiFi.SSID.1.'
      : 'InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.';
  return { object: wlan, ssid: `${wlan}SSID`, enable: `${wlan}Enable` };
}

let eventCounter = 0;

/** What inventory would write for one Inform of `d` in the state given. */
function informOf(
  d: FleetDevice,
  state: Pick<FleetDevice, 'lastInform' | 'online' | 'softwareVersion' | 'ssid'>,
  options: { deleteSsid?: boolean } = {},
): DeviceUpdate {
  const root = d.dataModelRoot;
  const at = state.lastInform;
  const wifi = wifiPaths(root);
  const eventId = `queries-${process.pid}-${++eventCounter}`;
  // A small tree: on FerretDB a filter the indexes do not answer reads every parameter document.
  const parameters: StoredParameter[] = [
    leaf(`${root}DeviceInfo.SoftwareVersion`, state.softwareVersion, at),
    leaf(`${root}DeviceInfo.UpTime`, d.upTime, at),
    node(wifi.object),
    leaf(wifi.enable, d.wifiEnabled, at),
  ];
  if (state.ssid !== undefined) parameters.push(leaf(wifi.ssid, state.ssid, at));
  const update: DeviceUpdate = {
    eventId,
    deviceId: d.deviceId,
    occurredAt: at,
    upsert: {
      oui: d.oui,
      productClass: d.productClass,
      serialNumber: d.serialNumber,
      manufacturer: 'Acme',
      dataModelRoot: root,
      lastInform: at,
      periodicInformInterval: d.periodicInformInterval,
      online: state.online,
      connectionRequest: {
        url: `http://10.0.${d.n % 250}.1:7547/cr`,
        username: `cr-${d.n}`,
        password: 'cr-secret',
      },
      ...(d.lastBoot ? { lastBoot: d.lastBoot } : {}),
    },
    setParameters: parameters,
    addEvents: [
      { eventId, deviceId: d.deviceId, occurredAt: at, kind: 'inform', detail: { n: d.n } },
    ],
  };
  if (options.deleteSsid) update.deleteSubtrees = [wifi.ssid];
  return update;
}

/**
 * Seeds `fleet` into `store` the same way for every store: a first Inform of the upgraded devices
 * in their older state, then everybody's final Inform (an SSID the device no longer has deleted),
 * in batches of 50; then the tags, one filter-wide change per tag, and a tag added and removed
 * again.
 */
export async function seedFleet(store: DeviceStore, fleet: readonly FleetDevice[]): Promise<void> {
  const updates = [
    ...fleet
      .filter((d) => d.upgraded)
      .map((d) =>
        informOf(d, {
          lastInform: minutes(500 + d.n),
          online: false,
          softwareVersion: '0.9.0',
          ssid: 'factory',
        }),
      ),
    ...fleet.map((d) => informOf(d, d, { deleteSsid: d.upgraded && d.ssid === undefined })),
  ];
  for (let i = 0; i < updates.length; i += 50) await store.applyBatch(updates.slice(i, i + 50));
  for (const tag of new Set(fleet.flatMap((d) => d.tags))) {
    const tagged = fleet.filter((d) => d.tags.includes(tag)).map((d) => d.deviceId);
    await store.updateTags({ deviceId: { $in: tagged } }, [tag], []);
  }
  await store.updateTags({ lastInform: { $lt: minutes(1_100) } }, ['retired'], []);
  await store.updateTags({ tags: 'retired' }, [], ['retired']);
}
