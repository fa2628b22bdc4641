/**
 * MongoDB layout for ~10 million devices with thousands of parameters each.
 *
 * - `devices`: one small document per device (_id = deviceId): summary fields, the bounded tag
 *   list, the values of the indexed parameters (`iv`), and the eventIds applied to it lately
 *   (`ap`). Nothing grows with the data model. The device document is each update's last write,
 *   so its `ap` says, in the same single-document write as the device's summary, which events
 *   the store holds: no transaction, and no collection of applied eventIds to look up and prune.
 * - `device_parameters`: one document per (device, path). Chosen over a map inside the device
 *   document because a device with thousands of parameters would make every Inform rewrite a
 *   document of hundreds of KB (WiredTiger writes whole documents), and because subtree
 *   deletion is one `deleteMany` over a key range here, where a map needs the keys read first
 *   (a bootstrap marks a tree stale without writing it at all: see ParameterDoc.b). _id is `<length of deviceId>:<deviceId>|<path>`, so the _id index
 *   alone serves "this device's tree" and "this subtree" as key ranges (no second index on
 *   (device, path)). Shard on `d`.
 * - `iv.<path with / for .>`: copies of the values of the paths configured as indexed, each with
 *   an index on the devices collection, so that a `parameters.<path>` filter is one indexed query
 *   combined with the other conditions and the sort. A value index over all parameters (10M x
 *   thousands) would outweigh the data, and a partial one (`partialFilterExpression` over the
 *   indexed paths, as this layout had first) is not in FerretDB. Filters on other paths are
 *   decided by mingo over candidates.
 * - `device_events`, `device_faults`: their own collections, events trimmed to the newest N per
 *   device.
 */
import { Connection, Model, Schema } from 'mongoose';
import { ConnectionRequestInfo } from '../device-store';
import { indexedValueKey } from './field-keys';

/** A parameter value as stored (and as compared by filters). */
export type StoredValue = string | number | boolean | null;

export interface DeviceDoc {
  _id: string;
  oui: string;
  productClass: string;
  serialNumber: string;
  manufacturer: string;
  dataModelRoot: string | null;
  tags: string[];
  firstSeen: string;
  lastInform: string;
  lastBoot?: string;
  lastBootstrap?: string;
  periodicInformInterval?: number;
  onlineUntil?: string;
  online: boolean;
  connectionRequest: ConnectionRequestInfo;
  /** Values of the indexed parameters, keyed by indexedValueKey(path). */
  iv?: Record<string, StoredValue>;
  /** EventIds applied lately, keyed by appliedEventKey(eventId), to the order they were applied. */
  ap?: Record<string, number>;
  /**
   * Bootstraps the device had (absent: none). A parameter last learned fresh in an earlier one
   * is stale: see ParameterDoc.b.
   */
  bs?: number;
  /**
   * How many events the device holds at most, as last written: trimming is due above the bound.
   * Absent on documents from before it was kept: those are trimmed when they next get events.
   */
  ec?: number;
}

/** Short names: there are billions of these documents. */
export interface ParameterDoc {
  _id: string;
  /** deviceId */
  d: string;
  /** path */
  p: string;
  /** object */
  o: boolean;
  v?: StoredValue;
  /** xsd type */
  t?: string;
  w?: boolean;
  n?: number;
  a?: string[];
  va?: string;
  wa?: string;
  aa?: string;
  s?: boolean;
  /**
   * The device's bootstrap count (DeviceDoc.bs) when the parameter was created or last said
   * fresh; absent: 0. A 0 BOOTSTRAP makes every parameter stale by counting up the device's
   * bs alone, in its one document: no write over the whole tree, and a replayed batch counts to
   * the same number, where marking every document stale again would also mark what the batch
   * itself had learned fresh before the crash.
   */
  b?: number;
}

export interface EventDoc {
  /** `<update eventId>/<index in the update>`: a replayed update inserts nothing twice. */
  _id: string;
  d: string;
  at: string;
  /** Arrival order, for events of equal occurredAt. */
  seq: number;
  e: string;
  k: string;
  x: Record<string, unknown>;
}

export interface FaultDoc {
  _id: string;
  d: string;
  code: string;
  message: string;
  source: string;
  at: string;
  count: number;
  /** faultId of the last occurrence counted: a replayed update does not count it twice. */
  last: string;
}

/** Parameter _id prefix of one device: `<length>:<deviceId>|`. */
export const devicePrefix = (deviceId: string): string => `${deviceId.length}:${deviceId}|`;
export const parameterKey = (deviceId: string, path: string): string =>
  devicePrefix(deviceId) + path;

/** _id condition for a device's whole tree: `|` (0x7C) up to `}` (0x7D) after the prefix. */
export function deviceTreeRange(deviceId: string): { $gte: string; $lt: string } {
  const prefix = devicePrefix(deviceId);
  return { $gte: prefix, $lt: `${prefix.slice(0, -1)}}` };
}

/** _id condition for the parameter `base` and everything under `base.`. */
export function subtreeCondition(deviceId: string, base: string): Record<string, unknown> {
  return {
    $or: [
      { _id: parameterKey(deviceId, base) },
      {
        _id: { $gte: parameterKey(deviceId, `${base}.`), $lt: parameterKey(deviceId, `${base}/`) },
      },
    ],
  };
}

export interface MongoModels {
  devices: Model<DeviceDoc>;
  parameters: Model<ParameterDoc>;
  events: Model<EventDoc>;
  faults: Model<FaultDoc>;
}

export interface LayoutOptions {
  /** Parameter paths whose values are copied into the device documents and indexed there. */
  indexedParameters: readonly string[];
}

const plain = { versionKey: false, strict: true, autoIndex: false } as const;

export function defineModels(connection: Connection, layout: LayoutOptions): MongoModels {
  const devices = new Schema<DeviceDoc>(
    {
      _id: String,
      oui: String,
      productClass: String,
      serialNumber: String,
      manufacturer: String,
      dataModelRoot: { type: String, default: null },
      tags: [String],
      firstSeen: String,
      lastInform: String,
      lastBoot: String,
      lastBootstrap: String,
      periodicInformInterval: Number,
      onlineUntil: String,
      online: Boolean,
      connectionRequest: { type: Schema.Types.Mixed, default: {} },
      iv: Schema.Types.Mixed,
      ap: Schema.Types.Mixed,
      ec: Number,
      bs: Number,
    },
    { ...plain, minimize: false },
  );
  devices.index({ serialNumber: 1 });
  for (const field of ['productClass', 'oui', 'tags', 'lastInform'])
    devices.index({ [field]: 1, _id: 1 });
  // Not partial on online: true (FerretDB has no partial indexes); offline devices' entries
  // are one key range the sweep never reads.
  devices.index({ online: 1, onlineUntil: 1 });
  for (const path of layout.indexedParameters)
    devices.index({ [`iv.${indexedValueKey(path)}`]: 1, _id: 1 });

  const parameters = new Schema<ParameterDoc>(
    {
      _id: String,
      d: String,
      p: String,
      o: Boolean,
      v: Schema.Types.Mixed,
      t: String,
      w: Boolean,
      n: Number,
      // No default: a parameter without an access list must read back without one.
      a: { type: [String], default: undefined },
      va: String,
      wa: String,
      aa: String,
      s: Boolean,
      b: Number,
    },
    { ...plain, minimize: false },
  );

  const events = new Schema<EventDoc>(
    {
      _id: String,
      d: String,
      at: String,
      seq: Number,
      e: String,
      k: String,
      x: Schema.Types.Mixed,
    },
    { ...plain, minimize: false },
  );
  events.index({ d: 1, at: -1, seq: -1 });

  const faults = new Schema<FaultDoc>(
    {
      _id: String,
      d: String,
      code: String,
      message: String,
      source: String,
      at: String,
      count: Number,
      last: String,
    },
    plain,
  );
  faults.index({ d: 1, code: 1, source: 1 }, { unique: true });
  faults.index({ at: -1, _id: 1 });
  faults.index({ d: 1, at: -1, _id: 1 });

  return {
    devices: connection.model<DeviceDoc>('Device', devices, 'devices'),
    parameters: connection.model<ParameterDoc>('DeviceParameter', parameters, 'device_parameters'),
    events: connection.model<EventDoc>('DeviceEvent', events, 'device_events'),
    faults: connection.model<FaultDoc>('DeviceFault', faults, 'device_faults'),
  };
}

/** Paths whose values the Mongo adapter indexes unless told otherwise: what fleets filter on. */
export const DEFAULT_INDEXED_PARAMETERS: readonly string[] = [
  'Device.',
  'InternetGatewayDevice.',
].flatMap((root) => [
  `${root}DeviceInfo.SoftwareVersion`,
  `${root}DeviceInfo.HardwareVersion`,
  `${root}DeviceInfo.ModelName`,
  `${root}DeviceInfo.ProvisioningCode`,
  `${root}ManagementServer.ConnectionRequestURL`,
]);
