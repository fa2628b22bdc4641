/**
 * Reads of the Mongo store: devices, their parameters, and the candidate source the shared
 * query engine pages through.
 */
import { DataModelRoot, DeviceSummary, ProjectedDevice, StoredParameter } from '../device-store';
import { KeyTest, SortSpec } from '../query/cursor';
import { Candidate, CandidateSource } from '../query/engine';
import { ParameterValue } from '../query/matcher';
import { inSubtree } from '../query/fields';
import { Pushdown } from '../query/plan';
import { parameterRecord, project, ProjectionSpec, returnsParameters } from '../query/projection';
import { DeviceDoc, MongoModels, TreeDoc } from './documents';
import {
  afterFilter,
  and,
  devicePushdown,
  MongoFilter,
  parameterPushdown,
  sortOf,
} from './mongo-query';
import { findEachById } from '@acs/persistence';
import { Query } from 'mingo';
import type { Cursor } from 'mingo/cursor';
import { parameterOf, treeOf } from './write-plan';

export interface MongoReadOptions {
  /** Parameter paths whose values the device documents carry, indexed. */
  indexedParameters: ReadonlySet<string>;
}

/** What a summary is read without: the store's own bookkeeping in the device document. */
export const SUMMARY_PROJECTION = { iv: 0, ap: 0 } as const;

export function summaryOf(doc: DeviceDoc): DeviceSummary {
  const summary: DeviceSummary = {
    deviceId: doc._id,
    oui: doc.oui,
    productClass: doc.productClass,
    serialNumber: doc.serialNumber,
    manufacturer: doc.manufacturer,
    dataModelRoot: (doc.dataModelRoot ?? null) as DataModelRoot | null,
    tags: [...(doc.tags ?? [])].sort(),
    firstSeen: doc.firstSeen,
    lastInform: doc.lastInform,
    online: doc.online === true,
    connectionRequest: doc.connectionRequest ?? {},
  };
  if (doc.lastBoot != null) summary.lastBoot = doc.lastBoot;
  if (doc.lastBootstrap != null) summary.lastBootstrap = doc.lastBootstrap;
  if (doc.periodicInformInterval != null)
    summary.periodicInformInterval = doc.periodicInformInterval;
  if (doc.onlineUntil != null) summary.onlineUntil = doc.onlineUntil;
  if (doc.posture != null) summary.posture = doc.posture;
  return summary;
}

/** A device the engine pages through, with what reading its parameters needs. */
export interface MongoCandidate extends Candidate {
  /** DeviceDoc.bs: parameters fresh under an earlier count are stale. */
  epoch: number;
}

const epochsOf = (candidates: readonly MongoCandidate[]): Map<string, number> =>
  new Map(candidates.map((c) => [c.summary.deviceId, c.epoch]));

export class MongoReader {
  constructor(
    private readonly models: MongoModels,
    private readonly options: MongoReadOptions,
  ) {}

  /**
   * Parameters of these devices (id to its bootstrap count, DeviceDoc.bs): all (bases null) or
   * those under the bases.
   */
  async parameters(
    devices: ReadonlyMap<string, number>,
    bases: readonly string[] | null,
  ): Promise<Map<string, StoredParameter[]>> {
    const byDevice = new Map<string, StoredParameter[]>();
    if (devices.size === 0 || bases?.length === 0) return byDevice;
    const trees = await findEachById<TreeDoc>(this.models.trees, [...devices.keys()], null);
    const wanted = (path: string) => bases === null || bases.some((base) => inSubtree(path, base));
    for (const [deviceId, doc] of trees) {
      const epoch = devices.get(deviceId) ?? 0;
      const list: StoredParameter[] = [];
      for (const [path, parameter] of treeOf(doc))
        if (wanted(path)) list.push(parameterOf(path, parameter, epoch));
      if (list.length > 0) byDevice.set(deviceId, list);
    }
    return byDevice;
  }

  async materialize(
    candidates: readonly MongoCandidate[],
    projection: ProjectionSpec,
  ): Promise<ProjectedDevice[]> {
    const parameters = returnsParameters(projection)
      ? await this.parameters(epochsOf(candidates), projection.parameters)
      : new Map<string, StoredParameter[]>();
    return candidates.map(({ summary }) =>
      project(
        { ...summary, parameters: parameterRecord(parameters.get(summary.deviceId) ?? []) },
        projection,
      ),
    );
  }

  async source(
    pushdowns: readonly Pushdown[],
    sort: SortSpec,
  ): Promise<CandidateSource<MongoCandidate>> {
    const filters: MongoFilter[] = [];
    let appliesAllPushdowns = true;
    for (const pushdown of pushdowns) {
      if (pushdown.target !== 'parameter') filters.push(devicePushdown(pushdown));
      else if (this.options.indexedParameters.has(pushdown.path))
        filters.push(parameterPushdown(pushdown));
      // Not indexed: mingo decides it over the candidates the other conditions find.
      else appliesAllPushdowns = false;
    }
    const where = and(filters);
    const order = sortOf(sort);
    const named = namedDeviceIds(pushdowns);
    const matching = named === null ? null : this.namedDevices(named, order);
    return {
      appliesAllPushdowns,
      candidates: async (after: KeyTest[][] | null, offset: number, limit: number) => {
        const filter = after === null ? where : and([where, afterFilter(after)]);
        const docs = matching
          ? (await matching)(filter).skip(offset).limit(limit).all()
          : await this.models.devices
              .find(filter, SUMMARY_PROJECTION)
              .sort(order)
              .skip(offset)
              .limit(limit)
              .lean<DeviceDoc[]>();
        return docs.map((doc) => ({ summary: summaryOf(doc), epoch: doc.bs ?? 0 }));
      },
      // Without conditions, the collection's own count: countDocuments({}) reads every document.
      count: async () => {
        if (matching) return (await matching)(where).all().length;
        return Object.keys(where).length === 0
          ? this.models.devices.estimatedDocumentCount()
          : this.models.devices.countDocuments(where);
      },
      parameterValues: async (candidates: MongoCandidate[], paths: string[]) => {
        const loaded = await this.parameters(epochsOf(candidates), paths);
        const values = new Map<string, ParameterValue[]>();
        for (const [deviceId, list] of loaded) values.set(deviceId, list);
        return values;
      },
      materialize: (candidates: MongoCandidate[], projection: ProjectionSpec) =>
        this.materialize(candidates, projection),
    };
  }

  /**
   * A filter that names its devices (`deviceId` equality or `$in`, as inventory reads a batch's
   * devices): they are read by id, each a point lookup (see findEachById: `_id: {$in}` is a
   * full scan on FerretDB), and the rest of the query is applied to them here, by mingo with
   * MongoDB's semantics, sorted as the server would.
   */
  private async namedDevices(
    ids: readonly string[],
    order: Record<string, 1 | -1>,
  ): Promise<(filter: MongoFilter) => Cursor<DeviceDoc>> {
    const docs = [...(await findEachById<DeviceDoc>(this.models.devices, ids, { ap: 0 })).values()];
    return (filter) => new Query(filter).find<DeviceDoc>(docs).sort(order);
  }
}

/** The ids of the first `deviceId` equality or `$in` among the pushdowns, if any. */
function namedDeviceIds(pushdowns: readonly Pushdown[]): string[] | null {
  for (const pushdown of pushdowns)
    if (pushdown.target === 'field' && pushdown.field === 'deviceId' && pushdown.op === 'in')
      return [...new Set(pushdown.values.filter((v): v is string => typeof v === 'string'))];
  return null;
}
