// The queries the device-query suite asks of both stores, each with the answer the fleet says
// it must give (device-queries-on-mongo.api.spec.ts).
import { minutes, type FleetDevice, type SortKey } from './query-fleet';

export const SOFTWARE = 'parameters.Device.DeviceInfo.SoftwareVersion';
const IGD_SOFTWARE = 'parameters.InternetGatewayDevice.DeviceInfo.SoftwareVersion';
const UPTIME = 'parameters.Device.DeviceInfo.UpTime';
const SSID = 'parameters.Device.WiFi.SSID.1.SSID';
const WIFI_ENABLE = 'parameters.Device.WiFi.SSID.1.Enable';

export interface QueryCase {
  filter: Record<string, unknown>;
  sort?: Partial<Record<SortKey, 1 | -1>>;
  /** LISTING when absent; null for whole devices. */
  projection?: string | null;
  /** Which devices of the fleet the filter takes. */
  matches: (d: FleetDevice) => boolean;
  /** The filter takes no device (else it must take some: see the first test). */
  none?: true;
}

/**
 * What a listing shows, when a query names no projection: the summary fields (parameters cost a
 * read of their own, slow on FerretDB; the projection cases below and whole devices take them).
 */
export const LISTING =
  'oui,productClass,serialNumber,dataModelRoot,tags,online,lastInform,lastBoot,periodicInformInterval';

export const tr181 = (d: FleetDevice) => d.dataModelRoot === 'Device.';
export const tagged = (tag: string) => (d: FleetDevice) => d.tags.includes(tag);

/** Queries an operator would run, by what they exercise. */
export const QUERIES: Record<string, QueryCase> = {
  'everything, default order, whole devices': {
    filter: {},
    projection: null,
    matches: () => true,
  },
  'equality on productClass': {
    filter: { productClass: 'F670L' },
    matches: (d) => d.productClass === 'F670L',
  },
  '$eq on deviceId': {
    filter: { deviceId: { $eq: 'A0B1C2-HG8245-SN007919' } },
    matches: (d) => d.n === 1,
  },
  '$in on productClass with online': {
    filter: { productClass: { $in: ['HG8245', 'EX220'] }, online: true },
    matches: (d) => ['HG8245', 'EX220'].includes(d.productClass) && d.online,
  },
  '$ne on online': { filter: { online: { $ne: true } }, matches: (d) => !d.online },
  '$nin on oui': {
    filter: { oui: { $nin: ['00D09E', 'none'] } },
    matches: (d) => d.oui !== '00D09E',
  },
  'range on lastInform': {
    filter: { lastInform: { $gte: minutes(1_150), $lt: minutes(1_300) } },
    sort: { lastInform: 1 },
    matches: (d) => d.lastInform >= minutes(1_150) && d.lastInform < minutes(1_300),
  },
  'open range on lastInform, newest first': {
    filter: { lastInform: { $gt: minutes(1_450) } },
    sort: { lastInform: -1 },
    matches: (d) => d.lastInform > minutes(1_450),
  },
  'number range on periodicInformInterval': {
    filter: { periodicInformInterval: { $lte: 600 } },
    sort: { periodicInformInterval: -1 },
    matches: (d) => d.periodicInformInterval <= 600,
  },
  'lastBoot missing (null)': {
    filter: { lastBoot: null },
    matches: (d) => d.lastBoot === undefined,
  },
  'lastBoot $exists': {
    filter: { lastBoot: { $exists: true }, online: false },
    matches: (d) => d.lastBoot !== undefined && !d.online,
  },
  'a tag': { filter: { tags: 'lab' }, matches: tagged('lab') },
  'tags $in': {
    filter: { tags: { $in: ['vip', 'east'] } },
    matches: (d) => tagged('vip')(d) || tagged('east')(d),
  },
  'tags $all': {
    filter: { tags: { $all: ['north', 'vip'] } },
    matches: (d) => tagged('north')(d) && tagged('vip')(d),
  },
  'tags $nin': {
    filter: { tags: { $nin: ['north', 'south'] } },
    matches: (d) => !tagged('north')(d) && !tagged('south')(d),
  },
  'tags $size 2': { filter: { tags: { $size: 2 } }, matches: (d) => d.tags.length === 2 },
  'untagged: tags $size 0': { filter: { tags: { $size: 0 } }, matches: (d) => d.tags.length === 0 },
  'tags $elemMatch with $regex': {
    filter: { tags: { $elemMatch: { $regex: '^(la|vi)' } } },
    matches: (d) => tagged('lab')(d) || tagged('vip')(d),
  },
  'removed tag matches nothing': { filter: { tags: 'retired' }, matches: () => false, none: true },
  'indexed parameter text range (10.0.0 < 2)': {
    filter: { [SOFTWARE]: { $gte: '2' } },
    matches: (d) => tr181(d) && d.softwareVersion >= '2',
  },
  'indexed parameter equality': {
    filter: { [SOFTWARE]: '2.0.0' },
    projection: null,
    matches: (d) => tr181(d) && d.softwareVersion === '2.0.0',
  },
  // Filters the indexes do not answer alone (mingo decides them over the candidates the indexed
  // conditions find, reading their parameters: slow on FerretDB), narrowed as an operator would
  // by an indexed condition, but for one over the whole fleet.
  'parameter $in, both data models ($or: not pushed down)': {
    filter: {
      productClass: 'F660',
      $or: [
        { [SOFTWARE]: { $in: ['1.0.0', '10.0.0'] } },
        { [IGD_SOFTWARE]: { $in: ['1.0.0', '10.0.0'] } },
      ],
    },
    matches: (d) => d.productClass === 'F660' && ['1.0.0', '10.0.0'].includes(d.softwareVersion),
  },
  'parameter $ne (devices without it match)': {
    filter: { productClass: 'HG8245', [SOFTWARE]: { $ne: '2.1.3' } },
    matches: (d) => d.productClass === 'HG8245' && !(tr181(d) && d.softwareVersion === '2.1.3'),
  },
  'parameter number range': {
    filter: { online: false, [UPTIME]: { $gte: 20_000, $lt: 60_000 } },
    sort: { lastInform: -1, productClass: 1 },
    matches: (d) => !d.online && tr181(d) && d.upTime >= 20_000 && d.upTime < 60_000,
  },
  'parameter number vs text: no match': {
    filter: { productClass: 'EX220', [UPTIME]: { $gte: '0' } },
    matches: () => false,
    none: true,
  },
  'parameter boolean': {
    filter: { oui: '00D09E', online: true, [WIFI_ENABLE]: true },
    matches: (d) => d.oui === '00D09E' && d.online && tr181(d) && d.wifiEnabled,
  },
  'parameter $exists false (an SSID deleted too)': {
    filter: { productClass: 'F670L', dataModelRoot: 'Device.', [SSID]: { $exists: false } },
    matches: (d) => d.productClass === 'F670L' && tr181(d) && d.ssid === undefined,
  },
  'parameter $regex, over the whole fleet': {
    filter: { [SSID]: { $regex: '^HOME-1[0-6]$', $options: 'i' } },
    matches: (d) => tr181(d) && d.ssid !== undefined && /^home-1[0-6]$/.test(d.ssid),
  },
  'parameter older value is gone': {
    filter: { [SOFTWARE]: '0.9.0' },
    matches: () => false,
    none: true,
  },
  '$regex on serialNumber': {
    filter: { serialNumber: { $regex: '^sn0[0-2]', $options: 'i' } },
    sort: { serialNumber: 1 },
    matches: (d) => /^SN0[0-2]/.test(d.serialNumber),
  },
  '$not $regex on productClass': {
    filter: { productClass: { $not: { $regex: '^HG' } } },
    matches: (d) => !d.productClass.startsWith('HG'),
  },
  $or: {
    filter: { $or: [{ productClass: 'F660' }, { tags: 'vip' }] },
    sort: { productClass: 1, lastInform: -1 },
    matches: (d) => d.productClass === 'F660' || tagged('vip')(d),
  },
  '$and with a nested $or': {
    filter: {
      $and: [
        { online: true },
        { $or: [{ lastBoot: { $exists: false } }, { periodicInformInterval: { $gte: 600 } }] },
      ],
    },
    sort: { online: -1, lastBoot: 1 },
    matches: (d) => d.online && (d.lastBoot === undefined || d.periodicInformInterval >= 600),
  },
  $nor: {
    filter: {
      productClass: 'HG8145V5',
      $nor: [{ oui: '00D09E' }, { tags: 'lab' }, { [UPTIME]: { $lt: 10_000 } }],
    },
    matches: (d) =>
      d.productClass === 'HG8145V5' &&
      d.oui !== '00D09E' &&
      !tagged('lab')(d) &&
      !(tr181(d) && d.upTime < 10_000),
  },
  'no match': { filter: { productClass: 'nope' }, matches: () => false, none: true },
  // Sorts over the whole fleet, with ties (broken by deviceId) and missing values.
  'sort lastInform asc (ties)': { filter: {}, sort: { lastInform: 1 }, matches: () => true },
  'sort lastInform desc (ties)': { filter: {}, sort: { lastInform: -1 }, matches: () => true },
  'sort lastBoot asc (missing first)': { filter: {}, sort: { lastBoot: 1 }, matches: () => true },
  'sort lastBoot desc (missing last)': { filter: {}, sort: { lastBoot: -1 }, matches: () => true },
  'sort online desc (two values)': { filter: {}, sort: { online: -1 }, matches: () => true },
  'sort productClass asc, lastInform desc': {
    filter: {},
    sort: { productClass: 1, lastInform: -1 },
    matches: () => true,
  },
  'sort dataModelRoot desc, oui asc': {
    filter: {},
    sort: { dataModelRoot: -1, oui: 1 },
    matches: () => true,
  },
  'sort deviceId desc': { filter: {}, sort: { deviceId: -1 }, matches: () => true },
  // Projections: summary fields, parameters and subtrees, whole trees, whole devices.
  'projection of summary fields': {
    filter: { tags: 'south' },
    sort: { lastInform: -1 },
    projection: 'oui,productClass,online,tags,lastInform,lastBoot,periodicInformInterval',
    matches: tagged('south'),
  },
  'projection of a parameter and a subtree': {
    filter: { oui: 'A0B1C2', online: true },
    sort: { serialNumber: -1 },
    projection: `lastBoot,${SOFTWARE},parameters.Device.WiFi.,${IGD_SOFTWARE}`,
    matches: (d) => d.oui === 'A0B1C2' && d.online,
  },
  'projection of whole trees': {
    filter: { online: false },
    projection: 'parameters,connectionRequest',
    matches: (d) => !d.online,
  },
  'whole devices': {
    filter: { tags: 'vip' },
    sort: { lastBoot: -1 },
    projection: null,
    matches: tagged('vip'),
  },
};

/** The documented order: the sort's fields, missing values lowest, ties by deviceId. */
export function expectedOrder(fleet: readonly FleetDevice[], query: QueryCase): string[] {
  const sort = [
    ...(Object.entries(query.sort ?? {}) as [SortKey, 1 | -1][]),
    ['deviceId', 1] as const,
  ];
  const compare = (a: FleetDevice, b: FleetDevice): number => {
    for (const [field, direction] of sort) {
      const x = a[field] ?? null;
      const y = b[field] ?? null;
      if (x === y) continue;
      const less = x === null || (y !== null && x < y);
      return (less ? -1 : 1) * direction;
    }
    return 0;
  };
  return fleet
    .filter(query.matches)
    .sort(compare)
    .map((d) => d.deviceId);
}
