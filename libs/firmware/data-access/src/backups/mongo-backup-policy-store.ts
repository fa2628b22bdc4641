import { Schema, type Connection, type Model } from 'mongoose';
import { modelOn, timeOrderedId, type StoreClock } from '@acs/persistence';
import {
  policyOf,
  type BackupPolicy,
  type BackupPolicySpec,
  type BackupPolicyStore,
  type PolicyRecord,
} from './backup-policy-store';

interface PolicyDocument {
  _id: string;
  /** ISO text, or null before the first run: what markRun compares. */
  lastRunAt: string | null;
  body: string;
}

const policySchema = new Schema<PolicyDocument>(
  {
    _id: { type: String, required: true },
    lastRunAt: { type: String, default: null },
    body: { type: String, required: true },
  },
  { versionKey: false, autoIndex: false, timestamps: false },
);

/** BackupPolicyStore on MongoDB: a handful of documents, read whole. */
export class MongoBackupPolicyStore implements BackupPolicyStore {
  private readonly now: () => Date;

  private constructor(
    private readonly model: Model<PolicyDocument>,
    clock: StoreClock,
  ) {
    this.now = clock.now ?? (() => new Date());
  }

  static open(connection: Connection, clock: StoreClock = {}): MongoBackupPolicyStore {
    const model = modelOn(
      connection,
      'FirmwareBackupPolicy',
      policySchema,
      'firmware_backup_policies',
    );
    return new MongoBackupPolicyStore(model, clock);
  }

  async create(spec: BackupPolicySpec): Promise<BackupPolicy> {
    const createdAt = this.now();
    const record: PolicyRecord = {
      ...spec,
      id: timeOrderedId(createdAt),
      createdAt: createdAt.toISOString(),
    };
    await this.model.create({ _id: record.id, lastRunAt: null, body: JSON.stringify(record) });
    return policyOf(record);
  }

  async list(): Promise<BackupPolicy[]> {
    const documents = await this.model.find({}).sort({ _id: 1 }).lean<PolicyDocument[]>();
    return documents.map((document) => policyOf(JSON.parse(document.body) as PolicyRecord));
  }

  async get(id: string): Promise<BackupPolicy | null> {
    const document = await this.model.findById(id).lean<PolicyDocument>();
    return document ? policyOf(JSON.parse(document.body) as PolicyRecord) : null;
  }

  async delete(id: string): Promise<boolean> {
    return (await this.model.deleteOne({ _id: id })).deletedCount > 0;
  }

  async markRun(id: string, previous: Date | undefined, at: Date): Promise<boolean> {
    const policy = await this.get(id);
    if (!policy) return false;
    const record: PolicyRecord = {
      ...(JSON.parse(
        JSON.stringify({ ...policy, createdAt: policy.createdAt.toISOString() }),
      ) as PolicyRecord),
      lastRunAt: at.toISOString(),
    };
    const result = await this.model.updateOne(
      { _id: id, lastRunAt: previous?.toISOString() ?? null },
      { $set: { lastRunAt: record.lastRunAt, body: JSON.stringify(record) } },
    );
    return result.modifiedCount === 1;
  }
}
