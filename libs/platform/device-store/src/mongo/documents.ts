/**
 * MongoDB layout for ~10 million devices with thousands of parameters each.
 *
 * - `devices`: one small document per device (_id = deviceId): summary fields and the bounded
 *   tag list, nothing that grows with the data model. An Inform rewrites ~300 bytes, not a tree.
 * - `device_parameters`: one document per (device, path). Chosen over a map inside the device
 *   document because a device with thousands of parameters would make every Inform rewrite a
 *   document of hundreds of KB (WiredTiger writes whole documents), and because `markAllStale`
 *   and subtree deletion are one `updateMany`/`deleteMany` over a key range here, where a map
 *   needs the keys read first or a pipeline rewriting the whole map. _id is
 *   `<length of deviceId>:<deviceId>|<path>`, so the _id index alone serves "this device's tree"
 *   and "this subtree" as key ranges (no second index on (device, path)). Shard on `d`.
 * - The value index `{p, v, d}` serves `parameters.<path>` filters. It is partial, over the
 *   paths configured as indexed: a full value index over 10M x thousands of parameters would
 *   outweigh the data. Filters on other paths are decided by mingo over candidates.
 * - `device_events`, `device_faults`: their own collections, events trimmed to the newest N per
 *   device. `processed_events`: applied eventIds with a TTL.
 */
import { Connection, Model, Schema } from 'mongoose';
import { ConnectionRequestInfo } from '../device-store';

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
  v?: string | number | boolean | null;
  /** xsd type */
  t?: string;
  w?: boolean;
  n?: number;
  a?: string[];
  va?: string;
  wa?: string;
  aa?: string;
  s?: boolean;
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

export interface ProcessedDoc {
  _id: string;
  at: Date;
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
  processed: Model<ProcessedDoc>;
}

export interface LayoutOptions {
  /** Parameter paths whose values are indexed (the partial value index). */
  indexedParameters: readonly string[];
  /** How long applied eventIds are remembered (TTL), in seconds. */
  processedTtlSeconds: number;
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
    },
    { ...plain, minimize: false },
  );
  devices.index({ serialNumber: 1 });
  for (const field of ['productClass', 'oui', 'tags', 'lastInform'])
    devices.index({ [field]: 1, _id: 1 });
  devices.index({ onlineUntil: 1 }, { partialFilterExpression: { online: true } });

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
    },
    { ...plain, minimize: false },
  );
  parameters.index(
    { p: 1, v: 1, d: 1 },
    { partialFilterExpression: { p: { $in: [...layout.indexedParameters] } } },
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

  const processed = new Schema<ProcessedDoc>({ _id: String, at: Date }, plain);
  processed.index({ at: 1 }, { expireAfterSeconds: layout.processedTtlSeconds });

  return {
    devices: connection.model<DeviceDoc>('Device', devices, 'devices'),
    parameters: connection.model<ParameterDoc>('DeviceParameter', parameters, 'device_parameters'),
    events: connection.model<EventDoc>('DeviceEvent', events, 'device_events'),
    faults: connection.model<FaultDoc>('DeviceFault', faults, 'device_faults'),
    processed: connection.model<ProcessedDoc>('ProcessedEvent', processed, 'processed_events'),
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
