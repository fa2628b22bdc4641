import type Database from 'better-sqlite3';
import { openSqliteFile } from '@acs/persistence';
import type { UploadRecord, UploadRecords } from './upload-records';

export const UPLOADS_DATABASE_FILE = 'firmware-uploads.sqlite';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS firmware_uploads (
    upload_id TEXT PRIMARY KEY,
    device_id TEXT NOT NULL,
    file_type TEXT NOT NULL,
    file_id TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    received_at TEXT NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS firmware_uploads_by_device
    ON firmware_uploads (device_id, received_at);
`;

interface UploadRow {
  upload_id: string;
  device_id: string;
  file_type: string;
  file_id: string;
  size: number;
  sha256: string;
  received_at: string;
}

function recordOf(row: UploadRow): UploadRecord {
  return {
    uploadId: row.upload_id,
    deviceId: row.device_id,
    fileType: row.file_type,
    fileId: row.file_id,
    size: row.size,
    sha256: row.sha256,
    receivedAt: new Date(row.received_at),
  };
}

/** UploadRecords in a SQLite file of the all-in-one app's data directory. */
export class EmbeddedUploadRecords implements UploadRecords {
  private readonly db: Database.Database;

  constructor(dataDir: string) {
    this.db = openSqliteFile(dataDir, UPLOADS_DATABASE_FILE);
    this.db.exec(SCHEMA);
  }

  async add(record: UploadRecord): Promise<void> {
    // The primary key refuses a second record of one upload id, as MongoDB's _id does.
    this.db
      .prepare(
        `INSERT INTO firmware_uploads
           (upload_id, device_id, file_type, file_id, size, sha256, received_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        record.uploadId,
        record.deviceId,
        record.fileType,
        record.fileId,
        record.size,
        record.sha256,
        record.receivedAt.toISOString(),
      );
  }

  async delete(deviceId: string, uploadId: string): Promise<boolean> {
    return (
      this.db
        .prepare('DELETE FROM firmware_uploads WHERE upload_id = ? AND device_id = ?')
        .run(uploadId, deviceId).changes > 0
    );
  }

  async listForDevice(deviceId: string): Promise<UploadRecord[]> {
    const rows = this.db
      .prepare(
        `SELECT * FROM firmware_uploads WHERE device_id = ?
         ORDER BY received_at DESC, upload_id DESC`,
      )
      .all(deviceId) as UploadRow[];
    return rows.map(recordOf);
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
