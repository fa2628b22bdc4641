import { modelOn, type StoreClock } from '@acs/persistence';
import { Connection, Model, Schema } from 'mongoose';
import {
  ApiKey,
  ApiKeyRole,
  ApiKeyStore,
  CreatedApiKey,
  generateApiKeyId,
  generateApiKeySecret,
  hashApiKeySecret,
} from './api-key-store';

interface ApiKeyDocument {
  _id: string;
  secretHash: string;
  name: string;
  role: ApiKeyRole;
  createdAt: string;
  revokedAt?: string;
}

const apiKeySchema = new Schema<ApiKeyDocument>(
  {
    _id: { type: String, required: true },
    secretHash: { type: String, required: true },
    name: { type: String, required: true },
    role: { type: String, required: true },
    createdAt: { type: String, required: true },
    revokedAt: { type: String },
  },
  { versionKey: false, autoIndex: false, timestamps: false },
);
apiKeySchema.index({ secretHash: 1 }, { unique: true });

/** The listed fields: the hash never leaves the store. */
const PUBLIC_FIELDS = { _id: 1, name: 1, role: 1, createdAt: 1, revokedAt: 1 };

function apiKeyOf(document: Omit<ApiKeyDocument, 'secretHash'>): ApiKey {
  return {
    id: document._id,
    name: document.name,
    role: document.role,
    createdAt: document.createdAt,
    ...(document.revokedAt === undefined ? {} : { revokedAt: document.revokedAt }),
  };
}

/** ApiKeyStore on MongoDB through mongoose. */
export class MongoApiKeyStore implements ApiKeyStore {
  private readonly now: () => Date;

  private constructor(
    private readonly model: Model<ApiKeyDocument>,
    options: StoreClock,
  ) {
    this.now = options.now ?? (() => new Date());
  }

  static async open(connection: Connection, options: StoreClock = {}): Promise<MongoApiKeyStore> {
    const model = modelOn(connection, 'NbiApiKey', apiKeySchema, 'nbi_api_keys');
    await model.createIndexes();
    return new MongoApiKeyStore(model, options);
  }

  async create(input: { name: string; role: ApiKeyRole }): Promise<CreatedApiKey> {
    const secret = generateApiKeySecret();
    const apiKey: ApiKey = {
      id: generateApiKeyId(),
      name: input.name,
      role: input.role,
      createdAt: this.now().toISOString(),
    };
    await this.model.create({
      _id: apiKey.id,
      secretHash: hashApiKeySecret(secret),
      name: apiKey.name,
      role: apiKey.role,
      createdAt: apiKey.createdAt,
    });
    return { apiKey, secret };
  }

  async authenticate(secret: string): Promise<ApiKey | null> {
    const document = await this.model
      .findOne(
        { secretHash: hashApiKeySecret(secret), revokedAt: { $exists: false } },
        PUBLIC_FIELDS,
      )
      .lean<ApiKeyDocument>();
    return document ? apiKeyOf(document) : null;
  }

  async list(): Promise<ApiKey[]> {
    const documents = await this.model
      .find({}, PUBLIC_FIELDS)
      .sort({ createdAt: 1, _id: 1 })
      .lean<ApiKeyDocument[]>();
    return documents.map(apiKeyOf);
  }

  async revoke(id: string): Promise<boolean> {
    await this.model.updateOne(
      { _id: id, revokedAt: { $exists: false } },
      { $set: { revokedAt: this.now().toISOString() } },
    );
    return (await this.model.exists({ _id: id })) !== null;
  }

  async isEmpty(): Promise<boolean> {
    return (await this.model.exists({})) === null;
  }
}
