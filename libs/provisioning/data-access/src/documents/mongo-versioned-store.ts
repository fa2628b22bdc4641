import { Connection, Model, Schema } from 'mongoose';
import type { Configuration, ConfigurationBody, Preset, PresetBody } from '@acs/contracts';
import { timeOrderedId } from '@acs/persistence';
import { isDuplicateKey, modelOn } from '@acs/persistence';
import type { StoreClock } from '@acs/persistence';
import {
  DeleteOutcome,
  documentOf,
  DocumentPage,
  PresetStore,
  ReplaceOutcome,
  VersionedDocument,
  VersionedStore,
} from './versioned-store';

/**
 * The current version of a document. The body is kept as JSON text: operators' bodies hold keys
 * MongoDB would read as operators or paths (a preset's `match.filter` has `$or`,
 * `parameters.Device.X`), which must come back exactly as sent. The preset fields provisioning
 * queries by are copied beside it.
 */
interface CurrentDocument {
  _id: string;
  version: number;
  body: string;
  createdAt: string;
  updatedAt: string;
  configurationId?: string;
  precedence?: number;
  enabled?: boolean;
}

/** One version; `_id` is `<id>#<version>`, so writing one version twice is a duplicate key. */
interface HistoryDocument {
  _id: string;
  documentId: string;
  version: number;
  body: string;
  createdAt: string;
  updatedAt: string;
}

/** The fields of a preset body copied beside it for queries; none for a configuration. */
function queriedFields(
  body: object,
): Pick<CurrentDocument, 'configurationId' | 'precedence' | 'enabled'> {
  const preset = body as { configurationId?: unknown; precedence?: unknown; enabled?: unknown };
  return {
    ...(typeof preset.configurationId === 'string'
      ? { configurationId: preset.configurationId }
      : {}),
    ...(typeof preset.precedence === 'number' ? { precedence: preset.precedence } : {}),
    // Absent counts as enabled, stored explicitly so the query needs no $ne.
    ...(typeof preset.configurationId === 'string' ? { enabled: preset.enabled !== false } : {}),
  };
}

interface RevisionDocument {
  _id: string;
  value: number;
}

const options = {
  versionKey: false,
  autoIndex: false,
  timestamps: false,
} as const;

const currentSchema = new Schema<CurrentDocument>(
  {
    _id: { type: String, required: true },
    version: { type: Number, required: true },
    body: { type: String, required: true },
    createdAt: { type: String, required: true },
    updatedAt: { type: String, required: true },
    configurationId: { type: String },
    precedence: { type: Number },
    enabled: { type: Boolean },
  },
  options,
);
currentSchema.index({ configurationId: 1, _id: 1 });
currentSchema.index({ enabled: 1, precedence: -1, _id: 1 });

const historySchema = new Schema<HistoryDocument>(
  {
    _id: { type: String, required: true },
    documentId: { type: String, required: true },
    version: { type: Number, required: true },
    body: { type: String, required: true },
    createdAt: { type: String, required: true },
    updatedAt: { type: String, required: true },
  },
  options,
);
historySchema.index({ documentId: 1, version: -1 });

const revisionSchema = new Schema<RevisionDocument>(
  { _id: { type: String, required: true }, value: { type: Number, required: true } },
  { versionKey: false, autoIndex: false, timestamps: false },
);

/** The one revision counter configurations and presets share. */
const REVISION_ID = 'documents';

const historyId = (id: string, version: number) => `${id}#${version}`;

interface Models {
  current: Model<CurrentDocument>;
  history: Model<HistoryDocument>;
  revision: Model<RevisionDocument>;
}

async function modelsFor(connection: Connection, kind: 'Configuration' | 'Preset') {
  const lower = kind.toLowerCase();
  const models: Models = {
    current: modelOn(connection, `Provisioning${kind}`, currentSchema, `provisioning_${lower}s`),
    history: modelOn(
      connection,
      `Provisioning${kind}Version`,
      historySchema,
      `provisioning_${lower}_versions`,
    ),
    revision: modelOn(connection, 'ProvisioningRevision', revisionSchema, 'provisioning_revision'),
  };
  await Promise.all([models.current.createIndexes(), models.history.createIndexes()]);
  return models;
}

/**
 * A versioned store on two collections: current versions, and every version. MongoDB without a
 * replica set has no multi-document transactions, so each change is ordered to stay safe if it
 * stops half-way: the version is written to the history first (its `<id>#<version>` key lets only
 * one of two racing writers have it), then the current document moves guarded by the version it
 * expects, then the revision grows. A reader who sees the new revision therefore sees the change;
 * one who sees the old revision re-reads at the next, later revision.
 */
class MongoVersionedStore<Body extends object, D extends VersionedDocument>
  implements VersionedStore<Body, D>
{
  private readonly now: () => Date;

  protected constructor(
    protected readonly models: Models,
    options: StoreClock,
  ) {
    this.now = options.now ?? (() => new Date());
  }

  async create(body: Body): Promise<D> {
    const now = this.now();
    const at = now.toISOString();
    const id = timeOrderedId(now);
    const fields = { version: 1, body: JSON.stringify(body), createdAt: at, updatedAt: at };
    await this.models.history.create({ _id: historyId(id, 1), documentId: id, ...fields });
    await this.models.current.create({ _id: id, ...fields, ...queriedFields(body) });
    await this.bumpRevision();
    return documentOf<Body, D>(body, { id, version: 1, createdAt: at, updatedAt: at });
  }

  async replace(id: string, body: Body, expectedVersion: number): Promise<ReplaceOutcome<D>> {
    const current = await this.get(id);
    if (!current) return { outcome: 'not-found' };
    if (current.version !== expectedVersion) return { outcome: 'conflict', current };
    const version = expectedVersion + 1;
    const updatedAt = this.now().toISOString();
    const fields = { version, body: JSON.stringify(body), createdAt: current.createdAt, updatedAt };
    try {
      await this.models.history.create({ _id: historyId(id, version), documentId: id, ...fields });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      return this.lostRace(id);
    }
    const moved = await this.models.current.replaceOne(
      { _id: id, version: expectedVersion },
      { ...fields, ...queriedFields(body) },
    );
    if (moved.matchedCount === 0) {
      // Deleted in between: take back the version written for it.
      await this.models.history.deleteOne({ _id: historyId(id, version) });
      return this.lostRace(id);
    }
    await this.bumpRevision();
    return {
      outcome: 'replaced',
      document: documentOf<Body, D>(body, { id, version, createdAt: current.createdAt, updatedAt }),
    };
  }

  async get(id: string): Promise<D | null> {
    const document = await this.models.current.findById(id).lean<CurrentDocument>();
    return document ? this.documentOf(document._id, document) : null;
  }

  async getVersion(id: string, version: number): Promise<D | null> {
    // A history entry counts only while its document exists (a delete may have stopped half-way).
    if (!(await this.models.current.exists({ _id: id }))) return null;
    const document = await this.models.history
      .findById(historyId(id, version))
      .lean<HistoryDocument>();
    return document ? this.documentOf(id, document) : null;
  }

  async versions(id: string): Promise<D[]> {
    if (!(await this.models.current.exists({ _id: id }))) return [];
    const documents = await this.models.history
      .find({ documentId: id })
      .sort({ version: -1 })
      .lean<HistoryDocument[]>();
    return documents.map((document) => this.documentOf(id, document));
  }

  async list(page: { limit: number; skip?: number }): Promise<DocumentPage<D>> {
    const [documents, total] = await Promise.all([
      this.models.current
        .find({})
        .sort({ _id: 1 })
        .skip(page.skip ?? 0)
        .limit(page.limit)
        .lean<CurrentDocument[]>(),
      this.models.current.countDocuments({}),
    ]);
    return { items: documents.map((document) => this.documentOf(document._id, document)), total };
  }

  async delete(id: string, expectedVersion?: number): Promise<DeleteOutcome<D>> {
    const filter =
      expectedVersion === undefined ? { _id: id } : { _id: id, version: expectedVersion };
    const deleted = await this.models.current.findOneAndDelete(filter).lean<CurrentDocument>();
    if (!deleted) {
      const current = await this.get(id);
      return current ? { outcome: 'conflict', current } : { outcome: 'not-found' };
    }
    await this.models.history.deleteMany({ documentId: id });
    await this.bumpRevision();
    return { outcome: 'deleted' };
  }

  async revision(): Promise<number> {
    const document = await this.models.revision.findById(REVISION_ID).lean<RevisionDocument>();
    return document?.value ?? 0;
  }

  protected documentOf(id: string, document: Omit<HistoryDocument, '_id' | 'documentId'>): D {
    return documentOf<Body, D>(JSON.parse(document.body) as Body, {
      id,
      version: document.version,
      createdAt: document.createdAt,
      updatedAt: document.updatedAt,
    });
  }

  private async lostRace(id: string): Promise<ReplaceOutcome<D>> {
    const current = await this.get(id);
    return current ? { outcome: 'conflict', current } : { outcome: 'not-found' };
  }

  private async bumpRevision(): Promise<void> {
    await this.models.revision.updateOne(
      { _id: REVISION_ID },
      { $inc: { value: 1 } },
      { upsert: true },
    );
  }
}

/** ConfigurationStore on MongoDB through mongoose. */
export class MongoConfigurationStore extends MongoVersionedStore<ConfigurationBody, Configuration> {
  static async open(
    connection: Connection,
    options: StoreClock = {},
  ): Promise<MongoConfigurationStore> {
    return new MongoConfigurationStore(await modelsFor(connection, 'Configuration'), options);
  }
}

/** PresetStore on MongoDB through mongoose. */
export class MongoPresetStore
  extends MongoVersionedStore<PresetBody, Preset>
  implements PresetStore
{
  static async open(connection: Connection, options: StoreClock = {}): Promise<MongoPresetStore> {
    return new MongoPresetStore(await modelsFor(connection, 'Preset'), options);
  }

  async listEnabledPresets(): Promise<Preset[]> {
    const documents = await this.models.current
      .find({ enabled: true })
      .sort({ precedence: -1, _id: 1 })
      .lean<CurrentDocument[]>();
    return documents.map((document) => this.documentOf(document._id, document));
  }

  async presetsUsing(configurationId: string): Promise<string[]> {
    const documents = await this.models.current
      .find({ configurationId }, { _id: 1 })
      .sort({ _id: 1 })
      .lean<Pick<CurrentDocument, '_id'>[]>();
    return documents.map((document) => document._id);
  }
}
