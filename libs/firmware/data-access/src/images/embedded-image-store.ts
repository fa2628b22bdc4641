import type Database from 'better-sqlite3';
import { openSqliteFile, timeOrderedId, type StoreClock } from '@acs/persistence';
import type { ImageMetadata } from '@acs/firmware-domain';
import {
  checkedMetadata,
  ImageContentExistsError,
  type FirmwareImage,
  type ImageContent,
  type ImagePage,
  type ImageStore,
} from './image-store';

export const FIRMWARE_DATABASE_FILE = 'firmware.sqlite';

/** The image as JSON text; the content columns are set once, by recordContent. */
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS firmware_images (
    image_id TEXT PRIMARY KEY,
    metadata TEXT NOT NULL,
    created_at TEXT NOT NULL,
    content TEXT
  ) WITHOUT ROWID;
`;

interface ImageRow {
  image_id: string;
  metadata: string;
  created_at: string;
  content: string | null;
}

interface ContentRecord {
  fileId: string;
  size: number;
  sha256: string;
  storedAt: string;
}

function imageOf(row: ImageRow): FirmwareImage {
  const content = row.content === null ? null : (JSON.parse(row.content) as ContentRecord);
  return {
    id: row.image_id,
    ...(JSON.parse(row.metadata) as ImageMetadata),
    createdAt: new Date(row.created_at),
    ...(content ? { content: { ...content, storedAt: new Date(content.storedAt) } } : {}),
  };
}

/** ImageStore on firmware's SQLite file, `<dataDir>/firmware.sqlite` (see openSqliteFile). */
export class EmbeddedImageStore implements ImageStore {
  private readonly now: () => Date;

  constructor(
    private readonly db: Database.Database,
    options: StoreClock = {},
  ) {
    this.now = options.now ?? (() => new Date());
    db.exec(SCHEMA);
  }

  static open(dataDir: string, options: StoreClock = {}): EmbeddedImageStore {
    return new EmbeddedImageStore(openSqliteFile(dataDir, FIRMWARE_DATABASE_FILE), options);
  }

  async create(metadata: ImageMetadata): Promise<FirmwareImage> {
    const checked = checkedMetadata(metadata);
    const createdAt = this.now();
    const id = timeOrderedId(createdAt);
    this.db
      .prepare('INSERT INTO firmware_images (image_id, metadata, created_at) VALUES (?, ?, ?)')
      .run(id, JSON.stringify(checked), createdAt.toISOString());
    return { id, ...checked, createdAt };
  }

  async get(id: string): Promise<FirmwareImage | null> {
    const row = this.db.prepare('SELECT * FROM firmware_images WHERE image_id = ?').get(id) as
      | ImageRow
      | undefined;
    return row ? imageOf(row) : null;
  }

  async list(page: { limit: number; skip?: number }): Promise<ImagePage> {
    const rows = this.db
      .prepare('SELECT * FROM firmware_images ORDER BY image_id DESC LIMIT ? OFFSET ?')
      .all(page.limit, page.skip ?? 0) as ImageRow[];
    const { total } = this.db.prepare('SELECT COUNT(*) AS total FROM firmware_images').get() as {
      total: number;
    };
    return { images: rows.map(imageOf), total };
  }

  async recordContent(id: string, content: ImageContent): Promise<FirmwareImage | null> {
    const record: ContentRecord = { ...content, storedAt: content.storedAt.toISOString() };
    const changed = this.db
      .prepare('UPDATE firmware_images SET content = ? WHERE image_id = ? AND content IS NULL')
      .run(JSON.stringify(record), id).changes;
    const image = await this.get(id);
    if (changed === 0 && image) throw new ImageContentExistsError(id);
    return image;
  }

  async delete(id: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM firmware_images WHERE image_id = ?').run(id).changes > 0;
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
