/**
 * The embedded store's SQLite schema, laid out for ~100,000 devices with ~300 parameters each.
 *
 * - devices: one row per device, the columns common queries filter and sort on, each indexed
 *   together with device_id so a filtered page comes out of the index in order.
 * - device_tags: one row per (tag, device), the index behind tag filters; devices.tags keeps the
 *   (bounded) list too, so reading a device needs no join.
 * - paths: every parameter path once, interned as an integer. Fleets share their data models,
 *   so this is a few thousand rows however many devices there are, and each parameter row
 *   carries a small integer instead of a 40-80 byte path (the biggest saving on disk).
 * - parameters: one row per (device, path) in a WITHOUT ROWID table keyed by both, so a device's
 *   tree lies together on disk. The value index (path, kind, value) serves
 *   `parameters.<path>` equality, $in and ranges; kind keeps types apart as MongoDB does.
 * - events: keyed (device, occurredAt, arrival) in a WITHOUT ROWID table, so adding one and
 *   trimming the device's oldest touch the same pages; bounded per device by the writer.
 * - faults: their own table, one row per open (device, code, source).
 * - processed_0/_1: eventIds already applied (idempotency), in two generations so that the
 *   oldest are forgotten by emptying a table (processed-ids.ts).
 *
 * Columns declared without a type keep what is bound as is (integer, real or text): values,
 * xsd types (a small code or the name) and parameter times (epoch ms or the text as given).
 */
import type { Database } from 'better-sqlite3';

const SCHEMA_VERSION = 2;

/** What each version adds over the one before: a store of an older version is brought up. */
const MIGRATIONS: Record<number, string> = {
  2: 'ALTER TABLE devices ADD COLUMN posture TEXT;',
};

const DDL = `
CREATE TABLE devices (
  id INTEGER PRIMARY KEY,
  device_id TEXT NOT NULL UNIQUE,
  oui TEXT NOT NULL,
  product_class TEXT NOT NULL,
  serial_number TEXT NOT NULL,
  manufacturer TEXT NOT NULL,
  data_model_root TEXT,
  tags TEXT NOT NULL,
  first_seen TEXT NOT NULL,
  last_inform TEXT NOT NULL,
  last_boot TEXT,
  last_bootstrap TEXT,
  periodic_inform_interval INTEGER,
  online_until TEXT,
  online INTEGER NOT NULL,
  connection_request TEXT NOT NULL,
  posture TEXT
);
CREATE INDEX devices_serial_number ON devices (serial_number, device_id);
CREATE INDEX devices_product_class ON devices (product_class, device_id);
CREATE INDEX devices_oui ON devices (oui, device_id);
CREATE INDEX devices_last_inform ON devices (last_inform, device_id);
CREATE INDEX devices_online_until ON devices (online_until) WHERE online = 1;

CREATE TABLE device_tags (
  tag TEXT NOT NULL,
  device INTEGER NOT NULL,
  PRIMARY KEY (tag, device)
) WITHOUT ROWID;
CREATE INDEX device_tags_device ON device_tags (device);

CREATE TABLE paths (
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL UNIQUE
);

CREATE TABLE parameters (
  device INTEGER NOT NULL,
  path INTEGER NOT NULL,
  object INTEGER NOT NULL,
  kind INTEGER,
  value,
  type,
  writable INTEGER,
  notification INTEGER,
  access_list TEXT,
  value_at,
  writable_at,
  attributes_at,
  stale INTEGER,
  PRIMARY KEY (device, path)
) WITHOUT ROWID;
CREATE INDEX parameters_value ON parameters (path, kind, value);

CREATE TABLE events (
  device INTEGER NOT NULL,
  occurred_at TEXT NOT NULL,
  seq INTEGER NOT NULL,
  event_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  detail TEXT NOT NULL,
  PRIMARY KEY (device, occurred_at, seq)
) WITHOUT ROWID;

CREATE TABLE faults (
  fault_id TEXT PRIMARY KEY,
  device INTEGER NOT NULL,
  code TEXT NOT NULL,
  message TEXT NOT NULL,
  source TEXT NOT NULL,
  occurred_at TEXT NOT NULL,
  count INTEGER NOT NULL
);
CREATE UNIQUE INDEX faults_recurrence ON faults (device, code, source);
CREATE INDEX faults_device_recent ON faults (device, occurred_at);
CREATE INDEX faults_recent ON faults (occurred_at);

CREATE TABLE processed_0 (event_id TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE processed_1 (event_id TEXT PRIMARY KEY) WITHOUT ROWID;

CREATE TABLE store_state (
  key TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) WITHOUT ROWID;
`;

export class UnsupportedSchemaError extends Error {
  constructor(file: string, found: number) {
    super(`${file} has device store schema version ${found}; this build reads ${SCHEMA_VERSION}`);
    this.name = 'UnsupportedSchemaError';
  }
}

export interface Durability {
  /**
   * `full` (default): a resolved applyBatch survives a power loss (fsync at each commit).
   * `normal`: survives a crash of the process, not of the machine; commits are cheaper.
   */
  synchronous: 'full' | 'normal';
  /** SQLite page cache, in MiB. */
  cacheMiB: number;
  /** Memory-mapped reads, in MiB (0: off). */
  mmapMiB: number;
  /** WAL pages written before a checkpoint copies them into the database. */
  walCheckpointPages: number;
}

/** Sets the connection up (WAL, durability, cache) and creates or checks the schema. */
export function openSchema(db: Database, file: string, durability: Durability): void {
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${durability.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
  db.pragma(`cache_size = ${-Math.round(durability.cacheMiB * 1024)}`);
  db.pragma('temp_store = MEMORY');
  db.pragma('busy_timeout = 5000');
  // Reads through a memory map skip a pread and a copy per page (SQLite caps it at ~2 GiB).
  db.pragma(`mmap_size = ${Math.round(durability.mmapMiB * 1024 * 1024)}`);
  // Checkpoint less often than the default 1,000 pages: a page written again before the next
  // checkpoint is copied into the database once.
  db.pragma(`wal_autocheckpoint = ${durability.walCheckpointPages}`);
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version === SCHEMA_VERSION) return;
  if (version > SCHEMA_VERSION) throw new UnsupportedSchemaError(file, version);
  db.transaction(() => {
    if (version === 0) db.exec(DDL);
    else
      for (let next = version + 1; next <= SCHEMA_VERSION; next++) db.exec(MIGRATIONS[next] ?? '');
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  })();
}
