import { modelOn, timeOrderedId, type StoreClock } from '@acs/persistence';
import { Connection, Model, Schema } from 'mongoose';
import { EMPTY_CHAIN, sealEntry, type ChainHead } from './audit-chain';
import { AuditEntry, AuditLog, AuditPage, NewAuditEntry } from './audit-log';

/**
 * `_id` is the entry's position in the chain: the unique index every server has. The request
 * summary is kept as its JSON text: its keys are the client's (`Security.KeyPassphrase` in a
 * configuration), and MongoDB servers refuse field names with a dot or a leading `$`.
 */
type AuditDocument = Omit<AuditEntry, 'seq' | 'request'> & { _id: number; request: string };

const auditSchema = new Schema<AuditDocument>(
  {
    _id: { type: Number, required: true },
    id: { type: String, required: true },
    at: { type: String, required: true },
    phase: { type: String, required: true },
    intentId: { type: String },
    who: {
      keyId: { type: String, default: null },
      keyName: { type: String, default: null },
    },
    action: { type: String, required: true },
    target: { type: String, required: true },
    request: { type: String, required: true },
    status: { type: Number },
    error: { type: String },
    prevHash: { type: String, required: true },
    hash: { type: String, required: true },
  },
  { versionKey: false, autoIndex: false, timestamps: false },
);

interface CursorDocument {
  _id: string;
  seq: number;
}

const cursorSchema = new Schema<CursorDocument>(
  { _id: { type: String, required: true }, seq: { type: Number, required: true } },
  { versionKey: false, autoIndex: false, timestamps: false },
);

const CURSOR_ID = 'acs.audit';

/** Appends racing other pods: each lost race moves this pod's head on by what the winner wrote. */
const MAX_APPEND_ATTEMPTS = 100;

const isDuplicateKey = (error: unknown) =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;

function entryOf(document: AuditDocument): AuditEntry {
  const { _id, request, ...fields } = document;
  return { seq: _id, ...fields, request: JSON.parse(request) as AuditEntry['request'] };
}

/**
 * AuditLog on MongoDB through mongoose. The chain needs one entry per position whichever pod
 * appends, and MongoDB (FerretDB too) gives no multi-document transaction to read the head and
 * insert after it atomically: the position is the `_id`, so of two pods that read the same head
 * only one insert succeeds, and the other, on the duplicate key, reads what was written there and
 * tries the next position. Lookups are by `_id` alone (FerretDB pushes nothing else down).
 */
export class MongoAuditLog implements AuditLog {
  private readonly now: () => Date;
  /** The last entry this instance wrote or saw: a hint, corrected by the duplicate key. */
  private head: ChainHead = EMPTY_CHAIN;
  /** This instance's appends, one after another: only other pods' appends can race them. */
  private appending: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly model: Model<AuditDocument>,
    private readonly cursor: Model<CursorDocument>,
    options: StoreClock,
  ) {
    this.now = options.now ?? (() => new Date());
  }

  static async open(connection: Connection, options: StoreClock = {}): Promise<MongoAuditLog> {
    // The unchained log of earlier versions (`nbi_audit_log`) is left as it was.
    const model = modelOn(connection, 'NbiAuditChainEntry', auditSchema, 'nbi_audit_chain');
    const cursor = modelOn(connection, 'NbiAuditPublished', cursorSchema, 'nbi_audit_published');
    await Promise.all([model.createIndexes(), cursor.createIndexes()]);
    const log = new MongoAuditLog(model, cursor, options);
    // Once at start (an index walk on MongoDB, a scan on FerretDB), so the first append does not
    // walk the whole chain by `_id`.
    const newest = await model
      .findOne({})
      .sort({ _id: -1 })
      .select({ hash: 1 })
      .lean<{ _id: number; hash: string }>();
    if (newest) log.head = { seq: newest._id, hash: newest.hash };
    return log;
  }

  append(input: NewAuditEntry): Promise<AuditEntry> {
    const appended = this.appending.then(() => this.appendAtHead(input));
    this.appending = appended.catch(() => undefined);
    return appended;
  }

  private async appendAtHead(input: NewAuditEntry): Promise<AuditEntry> {
    for (let attempt = 0; attempt < MAX_APPEND_ATTEMPTS; attempt++) {
      const now = this.now();
      const entry = sealEntry(input, this.head, { id: timeOrderedId(now), at: now.toISOString() });
      const { seq, request, ...fields } = entry;
      try {
        await this.model.create({ _id: seq, ...fields, request: JSON.stringify(request) });
        this.head = { seq, hash: entry.hash };
        return entry;
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        await this.catchUp();
      }
    }
    throw new Error(`audit log: no free position after ${MAX_APPEND_ATTEMPTS} attempts`);
  }

  /** Moves the head hint to the newest entry, one `_id` lookup per entry it was behind. */
  private async catchUp(): Promise<void> {
    for (;;) {
      const next = await this.model
        .findById(this.head.seq + 1)
        .select({ hash: 1 })
        .lean<{ _id: number; hash: string }>();
      if (!next) return;
      this.head = { seq: next._id, hash: next.hash };
    }
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

  async *chain(): AsyncIterable<AuditEntry> {
    // One pass in `_id` order: on FerretDB a query over a range reads the whole collection
    // anyway, so once rather than once a page.
    for await (const document of this.model.find({}).sort({ _id: 1 }).lean().cursor()) {
      yield entryOf(document as unknown as AuditDocument);
    }
  }

  async after(seq: number, limit: number): Promise<AuditEntry[]> {
    const documents = await this.model
      .find({ _id: { $gt: seq } })
      .sort({ _id: 1 })
      .limit(limit)
      .lean<AuditDocument[]>();
    return documents.map(entryOf);
  }

  async publishedThrough(): Promise<number> {
    const cursor = await this.cursor.findById(CURSOR_ID).lean<CursorDocument>();
    return cursor?.seq ?? 0;
  }

  async markPublished(seq: number): Promise<void> {
    const moved = await this.cursor.updateOne({ _id: CURSOR_ID, seq: { $lt: seq } }, { seq });
    if (moved.matchedCount > 0) return;
    try {
      await this.cursor.create({ _id: CURSOR_ID, seq });
    } catch (error) {
      // It exists, at `seq` or beyond: the cursor never moves back.
      if (!isDuplicateKey(error)) throw error;
    }
  }
}
