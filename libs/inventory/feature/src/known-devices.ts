import {
  FILTER_LIMITS,
  isParameterPath,
  type DeviceStore,
  type ProjectedDevice,
} from '@acs/device-store';
import type { KnownDevice } from '@acs/inventory-domain';

/**
 * Reads what learning needs about the devices of a batch in one store query per thousand
 * devices: their summaries, and only the parameters the batch's events read (see the domain's
 * parametersToKnow), not whole trees. A periodic Inform reads ~7 values of a device holding
 * hundreds.
 */
const SUMMARY_FIELDS = [
  'dataModelRoot',
  'lastInform',
  'periodicInformInterval',
  'onlineUntil',
  'online',
  'connectionRequest',
  'tags',
  'posture',
];

/** Below the store's 200 projection fields, with room for the summary fields. */
const MAX_BASES = 150;
/** As many device ids as the store's `$in` takes. */
const DEVICES_PER_QUERY = FILTER_LIMITS.maxArrayLength;

export async function loadKnownDevices(
  store: DeviceStore,
  deviceIds: readonly string[],
  paths: Iterable<string>,
): Promise<Map<string, KnownDevice>> {
  const bases = projectionBases(paths);
  const projection = [
    ...SUMMARY_FIELDS,
    ...(bases === null ? ['parameters'] : bases.map((base) => `parameters.${base}`)),
  ];
  const known = new Map<string, KnownDevice>();
  for (let i = 0; i < deviceIds.length; i += DEVICES_PER_QUERY) {
    const chunk = deviceIds.slice(i, i + DEVICES_PER_QUERY);
    const page = await store.find({
      filter: { deviceId: { $in: chunk } },
      projection,
      limit: chunk.length,
    });
    for (const device of page.devices) known.set(device.deviceId, knownOf(device));
  }
  return known;
}

/**
 * Subtree bases to project (paths without a trailing dot), or null for whole trees: when a path
 * is the root itself, or there are too many to name. A path the projection would refuse (a
 * vendor name with other characters) is replaced by its longest acceptable ancestor.
 */
export function projectionBases(paths: Iterable<string>): string[] | null {
  const bases = new Set<string>();
  for (const path of paths) {
    const base = acceptableAncestor(path.endsWith('.') ? path.slice(0, -1) : path);
    if (base === null) return null;
    bases.add(base);
  }
  for (const depth of [Infinity, 4, 3, 2, 1]) {
    const coarse = withoutCovered([...bases].map((base) => truncate(base, depth)));
    if (coarse.length <= MAX_BASES) return coarse;
  }
  return null;
}

function acceptableAncestor(base: string): string | null {
  const segments = base.split('.');
  while (segments.length > 0) {
    const candidate = segments.join('.');
    if (isParameterPath(candidate)) return candidate;
    segments.pop();
  }
  return null;
}

function truncate(base: string, depth: number): string {
  return base.split('.').slice(0, depth).join('.');
}

/** Drops bases under another base: the store returns the whole subtree of each. */
function withoutCovered(bases: string[]): string[] {
  const sorted = [...new Set(bases)].sort();
  const kept: string[] = [];
  for (const base of sorted) {
    const last = kept[kept.length - 1];
    if (last !== undefined && base.startsWith(`${last}.`)) continue;
    kept.push(base);
  }
  return kept;
}

function knownOf(device: ProjectedDevice): KnownDevice {
  const known: KnownDevice = {
    deviceId: device.deviceId,
    dataModelRoot: device.dataModelRoot ?? null,
    lastInform: device.lastInform ?? '',
    online: device.online ?? false,
    connectionRequest: device.connectionRequest ?? {},
    parameters: device.parameters ?? {},
  };
  if (device.periodicInformInterval !== undefined)
    known.periodicInformInterval = device.periodicInformInterval;
  if (device.onlineUntil !== undefined) known.onlineUntil = device.onlineUntil;
  if (device.tags !== undefined) known.tags = device.tags;
  if (device.posture !== undefined) known.posture = device.posture;
  return known;
}
