import { AnyBulkWriteOperation, Connection, Model, Schema } from 'mongoose';
import type { SubscriberRecord } from '@acs/contracts';
import { timeOrderedId } from '@acs/persistence';
import { modelOn } from '@acs/persistence';
import type { StoreClock } from '@acs/persistence';
import {
  checkSubscriberRecords,
  DeviceIdentity,
  SubscriberPage,
  SubscriberStore,
} from './subscriber-store';

/**
 * The record as JSON text (its `data` comes from the OSS/BSS and may hold keys MongoDB would read
 * as operators or paths), and copies of the fields looked up by; `written` orders rewrites.
 */
interface SubscriberDocument {
  _id: string;
  record: string;
  deviceId?: string;
  serialNumber?: string;
  oui?: string;
  profile?: string;
  written: string;
}

const subscriberSchema = new Schema<SubscriberDocument>(
  {
    _id: { type: String, required: true },
    record: { type: String, required: true },
    deviceId: { type: String },
    serialNumber: { type: String },
    oui: { type: String },
    profile: { type: String },
    written: { type: String, required: true },
  },
  { versionKey: false, autoIndex: false, timestamps: false },
);
subscriberSchema.index({ deviceId: 1, written: -1 });
subscriberSchema.index({ serialNumber: 1, written: -1 });
subscriberSchema.index({ profile: 1, _id: 1 });

/**
 * FerretDB 1.24 holds a backend connection per replacement of an existing document until its
 * command ends, out of a pool of 100, and never finishes a command of 100 (docs/architecture.md):
 * an OSS load of thousands of records goes in commands of 50. MongoDB needs no such limit; the
 * extra round trips are few for loads this size.
 */
const REPLACEMENTS_PER_COMMAND = 50;

const recordOf = (document: SubscriberDocument | null): SubscriberRecord | null =>
  document ? (JSON.parse(document.record) as SubscriberRecord) : null;

/** SubscriberStore on MongoDB through mongoose; `_id` is the subscriberId. */
export class MongoSubscriberStore implements SubscriberStore {
  private readonly now: () => Date;

  private constructor(
    private readonly model: Model<SubscriberDocument>,
    options: StoreClock,
  ) {
    this.now = options.now ?? (() => new Date());
  }

  static async open(
    connection: Connection,
    options: StoreClock = {},
  ): Promise<MongoSubscriberStore> {
    const model = modelOn(
      connection,
      'ProvisioningSubscriber',
      subscriberSchema,
      'provisioning_subscribers',
    );
    await model.createIndexes();
    return new MongoSubscriberStore(model, options);
  }

  /**
   * Every record is checked before any is written. Without multi-document transactions an outage
   * can stop the batch half-way; sending it again finishes it (each write is a replacement).
   */
  async upsert(records: SubscriberRecord[]): Promise<number> {
    const checked = checkSubscriberRecords(records);
    if (checked.length === 0) return 0;
    const writes: AnyBulkWriteOperation<SubscriberDocument>[] = checked.map((record) => {
      const replacement: SubscriberDocument = {
        _id: record.subscriberId,
        record: JSON.stringify(record),
        written: timeOrderedId(this.now()),
      };
      if (record.deviceId !== undefined) replacement.deviceId = record.deviceId;
      if (record.serialNumber !== undefined) replacement.serialNumber = record.serialNumber;
      if (record.oui !== undefined) replacement.oui = record.oui;
      if (record.profile !== undefined) replacement.profile = record.profile;
      return {
        replaceOne: { filter: { _id: record.subscriberId }, replacement, upsert: true },
      };
    });
    for (let i = 0; i < writes.length; i += REPLACEMENTS_PER_COMMAND) {
      await this.model.bulkWrite(writes.slice(i, i + REPLACEMENTS_PER_COMMAND), { ordered: true });
    }
    return checked.length;
  }

  async findForDevice(identity: DeviceIdentity): Promise<SubscriberRecord | null> {
    const byDevice = await this.model
      .findOne({ deviceId: identity.deviceId })
      .sort({ written: -1 })
      .lean<SubscriberDocument>();
    if (byDevice || identity.serialNumber === undefined) return recordOf(byDevice);
    const ouiMatches: Record<string, unknown>[] = [{ oui: { $exists: false } }];
    if (identity.oui !== undefined) ouiMatches.push({ oui: identity.oui });
    const bySerial = await this.model
      .findOne({
        serialNumber: identity.serialNumber,
        deviceId: { $exists: false },
        $or: ouiMatches,
      })
      .sort({ written: -1 })
      .lean<SubscriberDocument>();
    return recordOf(bySerial);
  }

  async get(subscriberId: string): Promise<SubscriberRecord | null> {
    const document = await this.model.findById(subscriberId).lean<SubscriberDocument>();
    return recordOf(document);
  }

  async delete(subscriberId: string): Promise<boolean> {
    return (await this.model.deleteOne({ _id: subscriberId })).deletedCount > 0;
  }

  async list(page: { limit: number; skip?: number }): Promise<SubscriberPage> {
    const [documents, total] = await Promise.all([
      this.model
        .find({})
        .sort({ _id: 1 })
        .skip(page.skip ?? 0)
        .limit(page.limit)
        .lean<SubscriberDocument[]>(),
      this.model.countDocuments({}),
    ]);
    return {
      subscribers: documents.map((document) => JSON.parse(document.record) as SubscriberRecord),
      total,
    };
  }

  async subscribersWithProfile(configurationId: string, limit: number): Promise<string[]> {
    const documents = await this.model
      .find({ profile: configurationId }, { _id: 1 })
      .sort({ _id: 1 })
      .limit(limit)
      .lean<Pick<SubscriberDocument, '_id'>[]>();
    return documents.map((document) => document._id);
  }
}
