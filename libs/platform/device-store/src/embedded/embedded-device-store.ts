/**
 * The embedded device store: one SQLite file in a data directory (WAL, synchronous commits),
 * for the all-in-one app and small deployments. Filter semantics are MongoDB's, through the
 * shared query engine (indexes find candidates, mingo decides).
 *
 * better-sqlite3 is synchronous: each call runs to completion on the caller's thread, which is
 * what makes a resolved applyBatch durable and keeps one process the single writer of the file.
 * Open one store per file and process.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  AppliedEventQuery,
  ApplyResult,
  DeviceEventRecord,
  DeviceFault,
  DeviceFilter,
  DevicePage,
  DeviceQuery,
  DeviceStore,
  DeviceSummary,
  DeviceUpdate,
  MAX_TAGS_PER_DEVICE,
  ProjectedDevice,
  StoredDevice,
} from '../device-store';
import { forEachMatch, runFind } from '../query/engine';
import { subtreeBase } from '../query/fields';
import { parameterRecord } from '../query/projection';
import { validateFaultPage, validatePageLimit, validateSubtree } from '../query-filter';
import { changedTags, tooManyTags, validateTagChange, validateUpdates } from '../update-validation';
import { PathIds } from './path-ids';
import { EmbeddedReader } from './reader';
import { DEVICE_COLUMNS, DeviceRow, summaryOf } from './rows';
import { openSchema } from './schema';
import { BatchWriter } from './writer';

export interface EmbeddedDeviceStoreOptions {
  /** Created when missing; the store is `<directory>/devices.sqlite` (plus its WAL files). */
  directory: string;
  /** Events kept per device, newest first (default 100). */
  eventsPerDevice?: number;
  /**
   * Applied eventIds remembered against redelivery: at least half this many, the newest, and at
   * most all of it (default 1,000,000, some 50 MB).
   */
  processedEventIds?: number;
  /** `full` (default): durable across power loss; `normal`: across process crashes only. */
  synchronous?: 'full' | 'normal';
  /** SQLite page cache in MiB (default 128). */
  cacheMiB?: number;
  /** Memory-mapped reads in MiB (default 2,047, SQLite's cap; 0 turns them off). */
  mmapMiB?: number;
  /** WAL pages between checkpoints (default 10,000: up to ~40 MB of WAL). */
  walCheckpointPages?: number;
}

export const EMBEDDED_STORE_FILE = 'devices.sqlite';

const FAULT_COLUMNS = `f.fault_id AS faultId, d.device_id AS deviceId, f.code, f.message,
  f.source, f.occurred_at AS occurredAt, f.count FROM faults f JOIN devices d ON d.id = f.device`;

export class EmbeddedDeviceStore implements DeviceStore {
  readonly file: string;
  private readonly db: Database.Database;
  private readonly reader: EmbeddedReader;
  private readonly writer: BatchWriter;
  private readonly paths: PathIds;

  constructor(options: EmbeddedDeviceStoreOptions) {
    mkdirSync(options.directory, { recursive: true });
    this.file = join(options.directory, EMBEDDED_STORE_FILE);
    this.db = new Database(this.file);
    try {
      openSchema(this.db, this.file, {
        synchronous: options.synchronous ?? 'full',
        cacheMiB: options.cacheMiB ?? 128,
        mmapMiB: options.mmapMiB ?? 2_047,
        walCheckpointPages: options.walCheckpointPages ?? 10_000,
      });
    } catch (error) {
      this.db.close();
      throw error;
    }
    this.paths = new PathIds(this.db);
    this.reader = new EmbeddedReader(this.db, this.paths);
    this.writer = new BatchWriter(this.db, this.paths, {
      eventsPerDevice: options.eventsPerDevice ?? 100,
      processedEventIds: options.processedEventIds ?? 1_000_000,
    });
  }

  async applyBatch(updates: DeviceUpdate[]): Promise<ApplyResult> {
    validateUpdates(updates);
    return this.writer.apply(updates);
  }

  async get(deviceId: string, options?: { subtree?: string }): Promise<StoredDevice | null> {
    const subtree = options?.subtree;
    validateSubtree(subtree);
    const row = this.reader.deviceRow(deviceId);
    if (!row) return null;
    const bases = subtree === undefined ? null : [subtreeBase(subtree)];
    const parameters = this.reader.parameters([row.id], bases).get(row.id) ?? [];
    return { ...summaryOf(row), parameters: parameterRecord(parameters) };
  }

  find(query: DeviceQuery & { projection?: undefined }): Promise<DevicePage<StoredDevice>>;
  find(query: DeviceQuery): Promise<DevicePage<ProjectedDevice>>;
  async find(query: DeviceQuery): Promise<DevicePage<ProjectedDevice>> {
    return runFind(query, (pushdowns, sort) => this.reader.source(pushdowns, sort));
  }

  async delete(deviceId: string): Promise<boolean> {
    const row = this.reader.deviceRow(deviceId);
    if (!row) return false;
    this.db.transaction(() => {
      for (const table of ['parameters', 'device_tags', 'events', 'faults']) {
        this.reader.statement(`DELETE FROM ${table} WHERE device = ?`).run(row.id);
      }
      this.reader.statement('DELETE FROM devices WHERE id = ?').run(row.id);
    })();
    return true;
  }

  async updateTags(filter: DeviceFilter, add: string[], remove: string[]): Promise<number> {
    validateTagChange(add, remove);
    const matched: number[] = [];
    await forEachMatch(
      filter,
      (pushdowns, sort) => this.reader.source(pushdowns, sort),
      (matches) => {
        for (const match of matches) matched.push(match.rowId);
      },
    );
    const read = this.reader.statement('SELECT device_id, tags FROM devices WHERE id = ?');
    const write = this.reader.statement('UPDATE devices SET tags = ? WHERE id = ?');
    const unlink = this.reader.statement('DELETE FROM device_tags WHERE device = ? AND tag = ?');
    const link = this.reader.statement(
      'INSERT OR IGNORE INTO device_tags (tag, device) VALUES (?, ?)',
    );
    this.db.transaction(() => {
      for (const id of matched) {
        const row = read.get(id) as { device_id: string; tags: string } | undefined;
        if (!row) continue;
        const tags = changedTags(JSON.parse(row.tags) as string[], add, remove);
        if (tags.length > MAX_TAGS_PER_DEVICE) throw tooManyTags(row.device_id);
        write.run(JSON.stringify(tags), id);
        for (const tag of remove) unlink.run(id, tag);
        for (const tag of add) link.run(tag, id);
      }
    })();
    return matched.length;
  }

  async appliedEvents(events: readonly AppliedEventQuery[]): Promise<Set<string>> {
    return new Set(
      events.filter((event) => this.writer.wasApplied(event.eventId)).map((e) => e.eventId),
    );
  }

  async recentEvents(deviceId: string, limit: number): Promise<DeviceEventRecord[]> {
    validatePageLimit(limit);
    const rows = this.reader
      .statement(
        `SELECT e.event_id, e.occurred_at, e.kind, e.detail FROM events e
         WHERE e.device = (SELECT id FROM devices WHERE device_id = ?)
         ORDER BY e.occurred_at DESC, e.seq DESC LIMIT ?`,
      )
      .all(deviceId, limit) as {
      event_id: string;
      occurred_at: string;
      kind: string;
      detail: string;
    }[];
    return rows.map((row) => ({
      eventId: row.event_id,
      deviceId,
      occurredAt: row.occurred_at,
      kind: row.kind,
      detail: JSON.parse(row.detail) as Record<string, unknown>,
    }));
  }

  async listFaults(query: {
    deviceId?: string;
    limit: number;
    skip?: number;
  }): Promise<DeviceFault[]> {
    validateFaultPage(query);
    const skip = query.skip ?? 0;
    const columns = FAULT_COLUMNS;
    const order = 'ORDER BY f.occurred_at DESC, f.fault_id LIMIT ? OFFSET ?';
    if (query.deviceId === undefined) {
      return this.reader
        .statement(`SELECT ${columns} ${order}`)
        .all(query.limit, skip) as DeviceFault[];
    }
    return this.reader
      .statement(
        `SELECT ${columns} WHERE f.device = (SELECT id FROM devices WHERE device_id = ?) ${order}`,
      )
      .all(query.deviceId, query.limit, skip) as DeviceFault[];
  }

  async fault(faultId: string): Promise<DeviceFault | null> {
    const row = this.reader.statement(`SELECT ${FAULT_COLUMNS} WHERE f.fault_id = ?`).get(faultId);
    return (row as DeviceFault | undefined) ?? null;
  }

  async clearFault(faultId: string): Promise<boolean> {
    return this.reader.statement('DELETE FROM faults WHERE fault_id = ?').run(faultId).changes > 0;
  }

  async expiredOnline(now: string, limit: number): Promise<DeviceSummary[]> {
    validatePageLimit(limit);
    const rows = this.reader
      .statement(
        `SELECT ${DEVICE_COLUMNS} FROM devices d WHERE d.online = 1 AND d.online_until < ?
         ORDER BY d.online_until LIMIT ?`,
      )
      .all(now, limit) as DeviceRow[];
    return rows.map(summaryOf);
  }

  /** Readiness: the database file is open (it lives in this process, nothing else to ask). */
  async ping(): Promise<void> {
    if (!this.db.open) throw new Error(`device store: ${this.file} is closed`);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
