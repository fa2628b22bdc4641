/**
 * MongoDB layout for ~10 million devices with thousands of parameters each.
 *
 * - `devices`: one small document per device (_id = deviceId): summary fields, the bounded tag
 *   list, the values of the indexed parameters (`iv`), and the eventIds applied to it lately
 *   (`ap`). Nothing grows with the data model. The device document is each update's last write,
 *   so its `ap` says, in the same single-document write as the device's summary, which events
 *   the store holds: no transaction, and no collection of applied eventIds to look up and prune.
 * - `device_trees`: one document per device (_id = deviceId) holding its whole parameter tree,
 *   keyed by fieldKey(path). FerretDB 1.24 looks documents up only by `_id` equality: a
 *   condition on any other field, a key range or an `$in` reads the whole collection. A layout of
 *   one document per (device, path), which this was first, made every read of a device's tree
 *   (each provisioning decision makes one) a scan of every parameter of the fleet. One document
 *   is one lookup for a read and one for the write that follows, on both servers; the price is
 *   that the server rewrites the whole document on each change, and decodes it whole on each
 *   read (FerretDB's cost per decision now, see docs/architecture.md). A bootstrap marks the
 *   tree stale without writing it at all: see TreeParameter.b. Shard on `_id`.
 * - `iv.<path with / for .>`: copies of the values of the paths configured as indexed, each with
 *   an index on the devices collection, so that a `parameters.<path>` filter is one indexed query
 *   combined with the other conditions and the sort. A value index over all parameters (10M x
 *   thousands) would outweigh the data, and a partial one (`partialFilterExpression` over the
 *   indexed paths, as this layout had first) is not in FerretDB. Filters on other paths are
 *   decided by mingo over candidates.
 * - `device_histories`: one document per device (_id = deviceId) with its newest events, for
 *   the same reason as the trees: a collection of events looked up by device was a scan of every
 *   event of the fleet on FerretDB for each batch (inventory reads a device's recent events to
 *   recognise redelivered ones). Bounded by the store's eventsPerDevice, trimmed as written.
 * - `device_faults`: one document per (device, code, source), counted.
 */
import { Connection, Model, Schema } from 'mongoose';
import { ConnectionRequestInfo, PostureFinding } from '../device-store';
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
  posture?: PostureFinding[];
  /** Values of the indexed parameters, keyed by indexedValueKey(path). */
  iv?: Record<string, StoredValue>;
  /** EventIds applied lately, keyed by fieldKey(eventId), to the order they were applied. */
  ap?: Record<string, number>;
  /**
   * Bootstraps the device had (absent: none). A parameter last learned fresh in an earlier one
   * is stale: see TreeParameter.b.
   */
  bs?: number;
}

/** A device's parameters: `m` maps fieldKey(path) to the parameter. */
export interface TreeDoc {
  _id: string;
  m: Record<string, TreeParameter>;
}

/** One parameter in its device's tree. Short names: a fleet holds billions. */
export interface TreeParameter {
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
   * fresh. A 0 BOOTSTRAP makes every parameter stale by counting up the device's bs alone, in
   * its one document: no write over the whole tree, and a replayed batch counts to the same
   * number, where marking every parameter stale again would also mark what the batch itself had
   * learned fresh before the crash.
   */
  b: number;
}

/** A device's newest events (at most the store's eventsPerDevice), newest first. */
export interface HistoryDoc {
  _id: string;
  e: HistoryEvent[];
}

export interface HistoryEvent {
  /** `<update eventId>/<index in the update>`: a replayed update adds nothing twice. */
  i: string;
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

export interface MongoModels {
  devices: Model<DeviceDoc>;
  trees: Model<TreeDoc>;
  histories: Model<HistoryDoc>;
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
      posture: Schema.Types.Mixed,
      iv: Schema.Types.Mixed,
      ap: Schema.Types.Mixed,
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

  const trees = new Schema<TreeDoc>(
    { _id: String, m: { type: Schema.Types.Mixed, default: {} } },
    { ...plain, minimize: false },
  );

  const histories = new Schema<HistoryDoc>(
    { _id: String, e: { type: Schema.Types.Mixed, default: [] } },
    { ...plain, minimize: false },
  );

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
    trees: connection.model<TreeDoc>('DeviceTree', trees, 'device_trees'),
    histories: connection.model<HistoryDoc>('DeviceHistory', histories, 'device_histories'),
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
