import { ObjectNode, ParamNode, SchemaNode } from './schema';

/** Where a profile keeps the parameters the simulator itself reads and writes. */
export interface ProfilePaths {
  parameterKey: string;
  connectionRequestUrl: string;
  connectionRequestUsername: string;
  connectionRequestPassword: string;
  udpConnectionRequestAddress: string;
  periodicInformEnable: string;
  periodicInformInterval: string;
  softwareVersion: string;
  hardwareVersion: string;
  productClass: string;
  acsUrl: string;
  acsUsername: string;
  acsPassword: string;
}

export interface ProfileIdentity {
  manufacturer: string;
  oui: string;
  productClass: string;
}

/**
 * TR-181 dual-bank firmware (Device.DeviceInfo.FirmwareImage.{i}): a firmware Download writes the
 * bank that is not running and boots it; BootFirmwareImage picks the bank the next boot runs.
 */
export interface FirmwareBanks {
  /** The FirmwareImage table, e.g. `Device.DeviceInfo.FirmwareImage.` */
  table: string;
  /** BootFirmwareImage: a reference to a row of the table (`Device.DeviceInfo.FirmwareImage.2`). */
  boot: string;
  /** ActiveFirmwareImage: the row running now. */
  active: string;
}

export interface ProfileDefinition {
  /** `tr181` or `tr098`: how callers pick a profile. */
  id: string;
  root: ObjectNode;
  identity: ProfileIdentity;
  /** Instances present at boot and after a factory reset, per concrete table path. */
  defaultInstances: Readonly<Record<string, readonly number[]>>;
  paths: ProfilePaths;
  /** Parameters every Inform carries (TR-069 "Inform parameters"), concrete paths. */
  informParameters: readonly string[];
  /** Dual-bank firmware; a profile without it has one bank (TR-098). */
  firmwareBanks?: FirmwareBanks;
}

/** A schema node as found at a template path (instance numbers written `{i}`). */
export type IndexEntry =
  | { role: 'param'; node: ParamNode }
  | { role: 'object'; node: ObjectNode }
  | { role: 'table'; node: ObjectNode }
  | { role: 'instance'; node: ObjectNode };

/**
 * A profile compiled for lookups. Immutable and shared by every device built from it: a device
 * keeps only what differs from it, so ten thousand devices cost ten thousand small override sets.
 */
export interface Profile extends ProfileDefinition {
  index: ReadonlyMap<string, IndexEntry>;
  parameterCount: number;
}

export class ProfileError extends Error {
  override readonly name = 'ProfileError';
}

export function compileProfile(definition: ProfileDefinition): Profile {
  const index = new Map<string, IndexEntry>();
  let parameterCount = 0;
  const visit = (node: SchemaNode, parentPath: string): void => {
    if (node.kind === 'param') {
      const path = parentPath + node.name;
      if (index.has(path)) throw new ProfileError(`duplicate parameter ${path}`);
      index.set(path, { role: 'param', node });
      parameterCount++;
      return;
    }
    const path = `${parentPath}${node.name}.`;
    if (index.has(path)) throw new ProfileError(`duplicate object ${path}`);
    if (node.table) {
      index.set(path, { role: 'table', node });
      const instancePath = `${path}{i}.`;
      index.set(instancePath, { role: 'instance', node });
      for (const child of node.children) visit(child, instancePath);
    } else {
      index.set(path, { role: 'object', node });
      for (const child of node.children) visit(child, path);
    }
  };
  visit(definition.root, '');
  for (const path of [...Object.values(definition.paths), ...definition.informParameters]) {
    if (index.get(templateOf(path))?.role !== 'param') {
      throw new ProfileError(`profile ${definition.id} names unknown parameter ${path}`);
    }
  }
  const banks = definition.firmwareBanks;
  if (banks) {
    const named = [banks.boot, banks.active, `${banks.table}{i}.Version`];
    if (
      index.get(templateOf(banks.table))?.role !== 'table' ||
      named.some((path) => index.get(templateOf(path))?.role !== 'param')
    )
      throw new ProfileError(`profile ${definition.id} has incomplete firmware banks`);
  }
  for (const tablePath of Object.keys(definition.defaultInstances)) {
    if (index.get(templateOf(tablePath))?.role !== 'table') {
      throw new ProfileError(`profile ${definition.id} gives instances to non-table ${tablePath}`);
    }
  }
  return { ...definition, index, parameterCount };
}

const INSTANCE_SEGMENT = /^\d+$/;

/** `Device.WiFi.SSID.2.SSID` → `Device.WiFi.SSID.{i}.SSID`. */
export function templateOf(path: string): string {
  if (!/\.\d/.test(path)) return path;
  return path
    .split('.')
    .map((segment) => (INSTANCE_SEGMENT.test(segment) ? '{i}' : segment))
    .join('.');
}
