import { modelOn, timeOrderedId, type StoreClock } from '@acs/persistence';
import { Connection, Model, Schema } from 'mongoose';
import { AuditEntry, AuditLog, AuditPage, NewAuditEntry } from './audit-log';

type AuditDocument = Omit<AuditEntry, 'id'> & { _id: string };

const auditSchema = new Schema<AuditDocument>(
  {
    _id: { type: String, required: true },
    at: { type: String, required: true },
    who: {
      keyId: { type: String, default: null },
      keyName: { type: String, default: null },
    },
    action: { type: String, required: true },
    target: { type: String, required: true },
    request: { type: Schema.Types.Mixed, required: true },
    status: { type: Number, required: true },
    error: { type: String },
  },
  // minimize off: an empty request summary ({}) is kept as such.
  { versionKey: false, minimize: false, autoIndex: false, timestamps: false },
);

function entryOf(document: AuditDocument): AuditEntry {
  const { _id, ...fields } = document;
  return { id: _id, ...fields };
}

/** AuditLog on MongoDB through mongoose; `_id` is time-ordered, so newest first is `_id` descending. */
export class MongoAuditLog implements AuditLog {
  private readonly now: () => Date;

  private constructor(
    private readonly model: Model<AuditDocument>,
    options: StoreClock,
  ) {
    this.now = options.now ?? (() => new Date());
  }

  static async open(connection: Connection, options: StoreClock = {}): Promise<MongoAuditLog> {
    const model = modelOn(connection, 'NbiAuditEntry', auditSchema, 'nbi_audit_log');
    await model.createIndexes();
    return new MongoAuditLog(model, options);
  }

  async append(input: NewAuditEntry): Promise<AuditEntry> {
    const now = this.now();
    const entry: AuditEntry = { id: timeOrderedId(now), at: now.toISOString(), ...input };
    const { id, ...fields } = entry;
    await this.model.create({ _id: id, ...fields });
    return entry;
  }

  async list(query: { limit: number; skip?: number }): Promise<AuditPage> {
    const [documents, total] = await Promise.all([
      this.model
        .find({})
        .sort({ _id: -1 })
        .skip(query.skip ?? 0)
        .limit(query.limit)
        .lean<AuditDocument[]>(),
      // From collection metadata: exact in normal operation, and no scan of a log that only grows.
      this.model.estimatedDocumentCount(),
    ]);
    return { entries: documents.map(entryOf), total };
  }
}
