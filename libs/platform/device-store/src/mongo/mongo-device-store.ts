/**
 * The scaled device store on MongoDB through mongoose (layout: documents.ts). Filter semantics
 * are the embedded store's: the same query engine, with the Mongo indexes finding candidates.
 */
import mongoose, { Connection } from 'mongoose';
import {
  ApplyResult,
  DeviceEventRecord,
  DeviceFault,
  DeviceFilter,
  DevicePage,
  DeviceQuery,
  DeviceStore,
  DeviceSummary,
  DeviceUpdate,
  MAX_TAGS_PER_DEVICE,
  ProjectedDevice,
  StoredDevice,
} from '../device-store';
import { forEachMatch, runFind } from '../query/engine';
import { subtreeBase } from '../query/fields';
import { parameterRecord } from '../query/projection';
import { validateFaultPage, validatePageLimit, validateSubtree } from '../query-filter';
import { tooManyTags, validateTagChange, validateUpdates } from '../update-validation';
import {
  DEFAULT_INDEXED_PARAMETERS,
  defineModels,
  DeviceDoc,
  deviceTreeRange,
  EventDoc,
  FaultDoc,
  MongoModels,
} from './documents';
import { MongoReader, summaryOf } from './mongo-reader';
import { applyUpdates } from './mongo-writes';

export interface MongoDeviceStoreOptions {
  /** Events kept per device, newest first (default 100). */
  eventsPerDevice?: number;
  /** How long applied eventIds are remembered against redelivery (default 7 days). */
  processedTtlSeconds?: number;
  /** Parameter paths with a value index (default DEFAULT_INDEXED_PARAMETERS). */
  indexedParameters?: readonly string[];
  /** A parameter filter naming more devices than this is decided by mingo (default 50,000). */
  parameterPushdownLimit?: number;
}

const CHUNK = 1_000;

export class MongoDeviceStore implements DeviceStore {
  private readonly models: MongoModels;
  private readonly reader: MongoReader;
  private readonly eventsPerDevice: number;
  private seq = 0;

  private constructor(
    private readonly connection: Connection,
    options: MongoDeviceStoreOptions,
  ) {
    const indexedParameters = options.indexedParameters ?? DEFAULT_INDEXED_PARAMETERS;
    this.models = defineModels(connection, {
      indexedParameters,
      processedTtlSeconds: options.processedTtlSeconds ?? 7 * 24 * 3600,
    });
    this.reader = new MongoReader(this.models, {
      indexedParameters: new Set(indexedParameters),
      parameterPushdownLimit: options.parameterPushdownLimit ?? 50_000,
    });
    this.eventsPerDevice = options.eventsPerDevice ?? 100;
  }

  /** Connects (its own connection, closed by close()) and creates the indexes. */
  static async connect(
    uri: string,
    options: MongoDeviceStoreOptions & { dbName?: string } = {},
  ): Promise<MongoDeviceStore> {
    const connection = mongoose.createConnection(
      uri,
      options.dbName ? { dbName: options.dbName } : {},
    );
    await connection.asPromise();
    const store = new MongoDeviceStore(connection, options);
    await Promise.all(Object.values(store.models).map((model) => model.createIndexes()));
    return store;
  }

  async applyBatch(updates: DeviceUpdate[]): Promise<ApplyResult> {
    validateUpdates(updates);
    return applyUpdates(this.models, updates, {
      eventsPerDevice: this.eventsPerDevice,
      nextSeq: () => Date.now() * 1_000 + (this.seq++ % 1_000),
    });
  }

  async get(deviceId: string, options?: { subtree?: string }): Promise<StoredDevice | null> {
    const subtree = options?.subtree;
    validateSubtree(subtree);
    const doc = await this.models.devices.findById(deviceId).lean<DeviceDoc>();
    if (!doc) return null;
    const bases = subtree === undefined ? null : [subtreeBase(subtree)];
    const parameters = (await this.reader.parameters([deviceId], bases)).get(deviceId) ?? [];
    return { ...summaryOf(doc), parameters: parameterRecord(parameters) };
  }

  find(query: DeviceQuery & { projection?: undefined }): Promise<DevicePage<StoredDevice>>;
  find(query: DeviceQuery): Promise<DevicePage<ProjectedDevice>>;
  async find(query: DeviceQuery): Promise<DevicePage<ProjectedDevice>> {
    return runFind(query, (pushdowns, sort) => this.reader.source(pushdowns, sort));
  }

  async delete(deviceId: string): Promise<boolean> {
    // The device first: from then on, updates without upsert for it are ignored.
    const { deletedCount } = await this.models.devices.deleteOne({ _id: deviceId });
    await this.models.parameters.deleteMany({ _id: deviceTreeRange(deviceId) });
    await this.models.events.deleteMany({ d: deviceId });
    await this.models.faults.deleteMany({ d: deviceId });
    return deletedCount > 0;
  }

  async updateTags(filter: DeviceFilter, add: string[], remove: string[]): Promise<number> {
    validateTagChange(add, remove);
    const matched: string[] = [];
    await forEachMatch(
      filter,
      (pushdowns, sort) => this.reader.source(pushdowns, sort),
      (matches) => {
        for (const match of matches) matched.push(match.summary.deviceId);
      },
    );
    const tags = { $setUnion: [{ $setDifference: [{ $ifNull: ['$tags', []] }, remove] }, add] };
    const chunks = Array.from({ length: Math.ceil(matched.length / CHUNK) }, (_, i) =>
      matched.slice(i * CHUNK, (i + 1) * CHUNK),
    );
    for (const chunk of chunks) {
      const over = await this.models.devices
        .findOne(
          { _id: { $in: chunk }, $expr: { $gt: [{ $size: tags }, MAX_TAGS_PER_DEVICE] } },
          { _id: 1 },
        )
        .lean();
      if (over) throw tooManyTags(over._id);
    }
    for (const chunk of chunks) {
      await this.models.devices.updateMany(
        { _id: { $in: chunk } },
        [{ $set: { tags: { $sortArray: { input: tags, sortBy: 1 } } } }],
        { updatePipeline: true },
      );
    }
    return matched.length;
  }

  async recentEvents(deviceId: string, limit: number): Promise<DeviceEventRecord[]> {
    validatePageLimit(limit);
    const docs = await this.models.events
      .find({ d: deviceId })
      .sort({ at: -1, seq: -1 })
      .limit(limit)
      .lean<EventDoc[]>();
    return docs.map((doc) => ({
      eventId: doc.e,
      deviceId: doc.d,
      occurredAt: doc.at,
      kind: doc.k,
      detail: doc.x ?? {},
    }));
  }

  async listFaults(query: {
    deviceId?: string;
    limit: number;
    skip?: number;
  }): Promise<DeviceFault[]> {
    validateFaultPage(query);
    const skip = query.skip ?? 0;
    const filter = query.deviceId === undefined ? {} : { d: query.deviceId };
    const docs = await this.models.faults
      .find(filter)
      .sort({ at: -1, _id: 1 })
      .skip(skip)
      .limit(query.limit)
      .lean<FaultDoc[]>();
    return docs.map((doc) => ({
      faultId: doc._id,
      deviceId: doc.d,
      code: doc.code,
      message: doc.message,
      source: doc.source,
      occurredAt: doc.at,
      count: doc.count,
    }));
  }

  async clearFault(faultId: string): Promise<boolean> {
    return (await this.models.faults.deleteOne({ _id: faultId })).deletedCount > 0;
  }

  async expiredOnline(now: string, limit: number): Promise<DeviceSummary[]> {
    validatePageLimit(limit);
    const docs = await this.models.devices
      .find({ online: true, onlineUntil: { $lt: now } })
      .sort({ onlineUntil: 1 })
      .limit(limit)
      .lean<DeviceDoc[]>();
    return docs.map(summaryOf);
  }

  /** Closes the store's connection. */
  async close(): Promise<void> {
    await this.connection.close();
  }

  /** Drops the store's database: for tests. */
  async dropDatabase(): Promise<void> {
    await this.connection.dropDatabase();
  }
}
