import { type StoreClock } from '@acs/persistence';
import type { NbiDatabase } from '../embedded/nbi-database';
import {
  ApiKey,
  ApiKeyRole,
  ApiKeyStore,
  CreatedApiKey,
  generateApiKeyId,
  generateApiKeySecret,
  hashApiKeySecret,
} from './api-key-store';

interface ApiKeyRow {
  id: string;
  name: string;
  role: string;
  created_at: string;
  revoked_at: string | null;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS nbi_api_keys (
    id TEXT PRIMARY KEY,
    secret_hash TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    created_at TEXT NOT NULL,
    revoked_at TEXT
  );
`;

const COLUMNS = 'id, name, role, created_at, revoked_at';

function apiKeyOf(row: ApiKeyRow): ApiKey {
  return {
    id: row.id,
    name: row.name,
    role: row.role as ApiKeyRole,
    createdAt: row.created_at,
    ...(row.revoked_at === null ? {} : { revokedAt: row.revoked_at }),
  };
}

/** ApiKeyStore on the NBI's SQLite file (see openNbiDatabase). */
export class EmbeddedApiKeyStore implements ApiKeyStore {
  private readonly now: () => Date;

  constructor(
    private readonly db: NbiDatabase,
    options: StoreClock = {},
  ) {
    this.now = options.now ?? (() => new Date());
    db.exec(SCHEMA);
  }

  async create(input: { name: string; role: ApiKeyRole }): Promise<CreatedApiKey> {
    const secret = generateApiKeySecret();
    const apiKey: ApiKey = {
      id: generateApiKeyId(),
      name: input.name,
      role: input.role,
      createdAt: this.now().toISOString(),
    };
    this.db
      .prepare(
        'INSERT INTO nbi_api_keys (id, secret_hash, name, role, created_at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(apiKey.id, hashApiKeySecret(secret), apiKey.name, apiKey.role, apiKey.createdAt);
    return { apiKey, secret };
  }

  async authenticate(secret: string): Promise<ApiKey | null> {
    const row = this.db
      .prepare(`SELECT ${COLUMNS} FROM nbi_api_keys WHERE secret_hash = ? AND revoked_at IS NULL`)
      .get(hashApiKeySecret(secret)) as ApiKeyRow | undefined;
    return row ? apiKeyOf(row) : null;
  }

  async list(): Promise<ApiKey[]> {
    const rows = this.db
      .prepare(`SELECT ${COLUMNS} FROM nbi_api_keys ORDER BY created_at, id`)
      .all() as ApiKeyRow[];
    return rows.map(apiKeyOf);
  }

  async revoke(id: string): Promise<boolean> {
    const exists = this.db.prepare('SELECT 1 FROM nbi_api_keys WHERE id = ?').get(id);
    if (!exists) return false;
    this.db
      .prepare('UPDATE nbi_api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL')
      .run(this.now().toISOString(), id);
    return true;
  }

  async isEmpty(): Promise<boolean> {
    return this.db.prepare('SELECT 1 FROM nbi_api_keys LIMIT 1').get() === undefined;
  }
}
