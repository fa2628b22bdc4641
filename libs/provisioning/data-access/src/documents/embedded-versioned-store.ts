import type { Configuration, ConfigurationBody, Preset, PresetBody } from '@acs/contracts';
import { timeOrderedId } from '@acs/persistence';
import type { ProvisioningDatabase } from '../embedded/provisioning-database';
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
 * One table of current versions and one of every version, shared by configurations and presets
 * (told apart by `kind`), and a single-row counter: the revision both kinds move.
 */
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS provisioning_documents (
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (kind, id)
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS provisioning_document_versions (
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    version INTEGER NOT NULL,
    body TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (kind, id, version)
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS provisioning_revision (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    value INTEGER NOT NULL
  );
  INSERT OR IGNORE INTO provisioning_revision (singleton, value) VALUES (1, 0);
`;

interface VersionRow {
  id: string;
  version: number;
  created_at: string;
  updated_at: string;
  body: string;
}

/** Current versions joined with their bodies; callers add WHERE and ORDER BY. */
const CURRENT = `
  SELECT d.id, d.version, d.created_at, v.updated_at, v.body
  FROM provisioning_documents d
  JOIN provisioning_document_versions v
    ON v.kind = d.kind AND v.id = d.id AND v.version = d.version
  WHERE d.kind = ?`;

class EmbeddedVersionedStore<Body extends object, D extends VersionedDocument>
  implements VersionedStore<Body, D>
{
  private readonly now: () => Date;

  constructor(
    protected readonly db: ProvisioningDatabase,
    protected readonly kind: 'configuration' | 'preset',
    options: StoreClock,
  ) {
    this.now = options.now ?? (() => new Date());
    db.exec(SCHEMA);
  }

  async create(body: Body): Promise<D> {
    const now = this.now();
    const at = now.toISOString();
    const id = timeOrderedId(now);
    this.db
      .transaction(() => {
        this.db
          .prepare(
            'INSERT INTO provisioning_documents (kind, id, version, created_at) VALUES (?, ?, 1, ?)',
          )
          .run(this.kind, id, at);
        this.writeVersion(id, 1, body, at);
        this.bumpRevision();
      })
      .immediate();
    return documentOf<Body, D>(body, { id, version: 1, createdAt: at, updatedAt: at });
  }

  async replace(id: string, body: Body, expectedVersion: number): Promise<ReplaceOutcome<D>> {
    const at = this.now().toISOString();
    return this.db
      .transaction((): ReplaceOutcome<D> => {
        const current = this.current(id);
        if (!current) return { outcome: 'not-found' };
        if (current.version !== expectedVersion) return { outcome: 'conflict', current };
        const version = current.version + 1;
        this.db
          .prepare('UPDATE provisioning_documents SET version = ? WHERE kind = ? AND id = ?')
          .run(version, this.kind, id);
        this.writeVersion(id, version, body, at);
        this.bumpRevision();
        return {
          outcome: 'replaced',
          document: documentOf<Body, D>(body, {
            id,
            version,
            createdAt: current.createdAt,
            updatedAt: at,
          }),
        };
      })
      .immediate();
  }

  async get(id: string): Promise<D | null> {
    return this.current(id);
  }

  async getVersion(id: string, version: number): Promise<D | null> {
    const row = this.db
      .prepare(
        `SELECT d.id, v.version, d.created_at, v.updated_at, v.body
         FROM provisioning_documents d
         JOIN provisioning_document_versions v ON v.kind = d.kind AND v.id = d.id
         WHERE d.kind = ? AND d.id = ? AND v.version = ?`,
      )
      .get(this.kind, id, version) as VersionRow | undefined;
    return row ? this.documentOfRow(row) : null;
  }

  async versions(id: string): Promise<D[]> {
    const rows = this.db
      .prepare(
        `SELECT d.id, v.version, d.created_at, v.updated_at, v.body
         FROM provisioning_documents d
         JOIN provisioning_document_versions v ON v.kind = d.kind AND v.id = d.id
         WHERE d.kind = ? AND d.id = ? ORDER BY v.version DESC`,
      )
      .all(this.kind, id) as VersionRow[];
    return rows.map((row) => this.documentOfRow(row));
  }

  async list(page: { limit: number; skip?: number }): Promise<DocumentPage<D>> {
    const rows = this.db
      .prepare(`${CURRENT} ORDER BY d.id LIMIT ? OFFSET ?`)
      .all(this.kind, page.limit, page.skip ?? 0) as VersionRow[];
    const { total } = this.db
      .prepare('SELECT COUNT(*) AS total FROM provisioning_documents WHERE kind = ?')
      .get(this.kind) as { total: number };
    return { items: rows.map((row) => this.documentOfRow(row)), total };
  }

  async delete(id: string, expectedVersion?: number): Promise<DeleteOutcome<D>> {
    return this.db
      .transaction((): DeleteOutcome<D> => {
        const current = this.current(id);
        if (!current) return { outcome: 'not-found' };
        if (expectedVersion !== undefined && current.version !== expectedVersion) {
          return { outcome: 'conflict', current };
        }
        this.db
          .prepare('DELETE FROM provisioning_documents WHERE kind = ? AND id = ?')
          .run(this.kind, id);
        this.db
          .prepare('DELETE FROM provisioning_document_versions WHERE kind = ? AND id = ?')
          .run(this.kind, id);
        this.bumpRevision();
        return { outcome: 'deleted' };
      })
      .immediate();
  }

  async revision(): Promise<number> {
    const row = this.db.prepare('SELECT value FROM provisioning_revision').get() as {
      value: number;
    };
    return row.value;
  }

  protected documentOfRow(row: VersionRow): D {
    return documentOf<Body, D>(JSON.parse(row.body) as Body, {
      id: row.id,
      version: row.version,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    });
  }

  private current(id: string): D | null {
    const row = this.db.prepare(`${CURRENT} AND d.id = ?`).get(this.kind, id) as
      | VersionRow
      | undefined;
    return row ? this.documentOfRow(row) : null;
  }

  private writeVersion(id: string, version: number, body: Body, at: string): void {
    this.db
      .prepare(
        `INSERT INTO provisioning_document_versions (kind, id, version, body, updated_at)
         VALUES (?, ?, ?, ?, ?)`,
      )
      .run(this.kind, id, version, JSON.stringify(body), at);
  }

  private bumpRevision(): void {
    this.db.prepare('UPDATE provisioning_revision SET value = value + 1').run();
  }
}

/** ConfigurationStore on provisioning's SQLite file (see openProvisioningDatabase). */
export class EmbeddedConfigurationStore extends EmbeddedVersionedStore<
  ConfigurationBody,
  Configuration
> {
  constructor(db: ProvisioningDatabase, options: StoreClock = {}) {
    super(db, 'configuration', options);
  }
}

/** PresetStore on provisioning's SQLite file (see openProvisioningDatabase). */
export class EmbeddedPresetStore
  extends EmbeddedVersionedStore<PresetBody, Preset>
  implements PresetStore
{
  constructor(db: ProvisioningDatabase, options: StoreClock = {}) {
    super(db, 'preset', options);
  }

  async listEnabledPresets(): Promise<Preset[]> {
    // json_extract gives 0 for false, NULL when absent: absent counts as enabled.
    const rows = this.db
      .prepare(
        `${CURRENT} AND coalesce(json_extract(v.body, '$.enabled'), 1) = 1
         ORDER BY json_extract(v.body, '$.precedence') DESC, d.id`,
      )
      .all(this.kind) as VersionRow[];
    return rows.map((row) => this.documentOfRow(row));
  }

  async presetsUsing(configurationId: string): Promise<string[]> {
    const rows = this.db
      .prepare(`${CURRENT} AND json_extract(v.body, '$.configurationId') = ? ORDER BY d.id`)
      .all(this.kind, configurationId) as VersionRow[];
    return rows.map((row) => row.id);
  }
}
