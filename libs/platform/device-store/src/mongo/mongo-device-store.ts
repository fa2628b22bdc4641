/**
 * The scaled device store on MongoDB through mongoose (layout: documents.ts). Filter semantics
 * are the embedded store's: the same query engine, with the Mongo indexes finding candidates.
 */
import mongoose, { Connection, type UpdateQuery } from 'mongoose';
import { findEachById } from '@acs/persistence';
import {
  AppliedEventQuery,
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
  HistoryDoc,
  FaultDoc,
  MongoModels,
} from './documents';
import { fieldKey } from './field-keys';
import { MongoReader, SUMMARY_PROJECTION, summaryOf } from './mongo-reader';
import { applyUpdates } from './mongo-writes';
import { newestFirst } from './write-plan';

export interface MongoDeviceStoreOptions {
  /** Events kept per device, newest first (default 100). */
  eventsPerDevice?: number;
  /**
   * EventIds each device remembers against redelivery (default 32): Kafka redelivers what a
   * consumer had not committed, a batch or two, of which one device has a few events.
   */
  appliedEventIdsPerDevice?: number;
  /** Parameter paths with a value index (default DEFAULT_INDEXED_PARAMETERS). */
  indexedParameters?: readonly string[];
  /**
   * Update statements per command (default 1,000). Below 100 on FerretDB, which otherwise
   * stalls (see inCommandsOf in mongo-writes.ts); MongoDB takes up to 100,000.
   */
  writesPerCommand?: number;
}

export class MongoDeviceStore implements DeviceStore {
  private readonly models: MongoModels;
  private readonly reader: MongoReader;
  private readonly indexedParameters: ReadonlySet<string>;
  private readonly eventsPerDevice: number;
  private readonly appliedPerDevice: number;
  private readonly writesPerCommand: number;
  private seq = 0;

  private constructor(
    private readonly connection: Connection,
    options: MongoDeviceStoreOptions,
    /** Whether close() closes the connection: connect() opened it for the store. */
    private readonly ownsConnection: boolean,
  ) {
    const indexedParameters = options.indexedParameters ?? DEFAULT_INDEXED_PARAMETERS;
    this.models = defineModels(connection, { indexedParameters });
    this.indexedParameters = new Set(indexedParameters);
    this.reader = new MongoReader(this.models, { indexedParameters: this.indexedParameters });
    this.eventsPerDevice = options.eventsPerDevice ?? 100;
    this.appliedPerDevice = options.appliedEventIdsPerDevice ?? 32;
    this.writesPerCommand = options.writesPerCommand ?? 1_000;
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
    try {
      await connection.asPromise();
      return await MongoDeviceStore.start(new MongoDeviceStore(connection, options, true));
    } catch (error) {
      await connection.close().catch(() => undefined);
      throw error;
    }
  }

  /** On a connection the caller opened and closes (close() leaves it open); creates the indexes. */
  static async open(
    connection: Connection,
    options: MongoDeviceStoreOptions = {},
  ): Promise<MongoDeviceStore> {
    return MongoDeviceStore.start(new MongoDeviceStore(connection, options, false));
  }

  private static async start(store: MongoDeviceStore): Promise<MongoDeviceStore> {
    await Promise.all(Object.values(store.models).map((model) => model.createIndexes()));
    return store;
  }

  async applyBatch(updates: DeviceUpdate[]): Promise<ApplyResult> {
    validateUpdates(updates);
    return applyUpdates(this.models, updates, {
      eventsPerDevice: this.eventsPerDevice,
      appliedPerDevice: this.appliedPerDevice,
      nextSeq: () => Date.now() * 1_000 + (this.seq++ % 1_000),
      indexedParameters: this.indexedParameters,
      writesPerCommand: this.writesPerCommand,
    });
  }

  async get(deviceId: string, options?: { subtree?: string }): Promise<StoredDevice | null> {
    const subtree = options?.subtree;
    validateSubtree(subtree);
    const doc = await this.models.devices.findById(deviceId, SUMMARY_PROJECTION).lean<DeviceDoc>();
    if (!doc) return null;
    const bases = subtree === undefined ? null : [subtreeBase(subtree)];
    const epochs = new Map([[deviceId, doc.bs ?? 0]]);
    const parameters = (await this.reader.parameters(epochs, bases)).get(deviceId) ?? [];
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
    await this.models.trees.deleteOne({ _id: deviceId });
    await this.models.histories.deleteOne({ _id: deviceId });
    await this.models.faults.deleteMany({ d: deviceId });
    return deletedCount > 0;
  }

  /**
   * Checks the tag limit against the matched devices' tags as read, then removes and adds in two
   * updates per thousand devices, each atomic per document. FerretDB has neither the `$expr`
   * nor the pipeline update this did in one statement (see docs/architecture.md).
   */
  async updateTags(filter: DeviceFilter, add: string[], remove: string[]): Promise<number> {
    validateTagChange(add, remove);
    const matched: DeviceSummary[] = [];
    await forEachMatch(
      filter,
      (pushdowns, sort) => this.reader.source(pushdowns, sort),
      (matches) => {
        for (const match of matches) matched.push(match.summary);
      },
    );
    const adding = [...new Set(add)];
    for (const device of matched) {
      const tags = new Set(device.tags.filter((tag) => !remove.includes(tag)));
      for (const tag of adding) tags.add(tag);
      if (tags.size > MAX_TAGS_PER_DEVICE) throw tooManyTags(device.deviceId);
    }
    const ids = matched.map((device) => device.deviceId);
    // One update by _id per device, not updateMany over `_id: {$in}`: a full scan on FerretDB
    // (see findEachById).
    const eachDevice = async (update: UpdateQuery<DeviceDoc>) => {
      for (let i = 0; i < ids.length; i += this.writesPerCommand) {
        const chunk = ids.slice(i, i + this.writesPerCommand);
        await this.models.devices.bulkWrite(
          chunk.map((_id) => ({ updateOne: { filter: { _id }, update } })),
          { ordered: false },
        );
      }
    };
    // $pullAll, not $pull with $in: FerretDB ignores a $pull condition (docs/architecture.md).
    if (remove.length > 0) await eachDevice({ $pullAll: { tags: remove } });
    if (adding.length > 0) await eachDevice({ $addToSet: { tags: { $each: adding } } });
    return matched.length;
  }

  async appliedEvents(events: readonly AppliedEventQuery[]): Promise<Set<string>> {
    const deviceIds = [...new Set(events.map((event) => event.deviceId))];
    const read = await findEachById<DeviceDoc, Pick<DeviceDoc, '_id' | 'ap'>>(
      this.models.devices,
      deviceIds,
      { ap: 1 },
    );
    const applied = new Set<string>();
    for (const { deviceId, eventId } of events) {
      const ap = read.get(deviceId)?.ap;
      if (ap && Object.hasOwn(ap, fieldKey(eventId))) applied.add(eventId);
    }
    return applied;
  }

  async recentEvents(deviceId: string, limit: number): Promise<DeviceEventRecord[]> {
    validatePageLimit(limit);
    const history = await this.models.histories.findById(deviceId).lean<HistoryDoc>();
    return [...(history?.e ?? [])]
      .sort(newestFirst)
      .slice(0, limit)
      .map((doc) => ({
        eventId: doc.e,
        deviceId,
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
    return docs.map(faultOf);
  }

  async fault(faultId: string): Promise<DeviceFault | null> {
    const doc = await this.models.faults.findOne({ _id: faultId }).lean<FaultDoc>();
    return doc ? faultOf(doc) : null;
  }

  async clearFault(faultId: string): Promise<boolean> {
    return (await this.models.faults.deleteOne({ _id: faultId })).deletedCount > 0;
  }

  async expiredOnline(now: string, limit: number): Promise<DeviceSummary[]> {
    validatePageLimit(limit);
    const docs = await this.models.devices
      .find({ online: true, onlineUntil: { $lt: now } }, SUMMARY_PROJECTION)
      .sort({ onlineUntil: 1 })
      .limit(limit)
      .lean<DeviceDoc[]>();
    return docs.map(summaryOf);
  }

  /** Readiness: resolves once the server answers a ping. */
  async ping(): Promise<void> {
    const db = this.connection.db;
    if (!db) throw new Error('device store: not connected');
    await db.admin().ping();
  }

  /** Closes the store's connection, when connect() opened it. */
  async close(): Promise<void> {
    if (this.ownsConnection) await this.connection.close();
  }

  /** Drops the store's database: for tests. */
  async dropDatabase(): Promise<void> {
    await this.connection.dropDatabase();
  }
}

function faultOf(doc: FaultDoc): DeviceFault {
  return {
    faultId: doc._id,
    deviceId: doc.d,
    code: doc.code,
    message: doc.message,
    source: doc.source,
    occurredAt: doc.at,
    count: doc.count,
  };
}
