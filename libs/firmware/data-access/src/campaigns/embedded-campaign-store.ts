import type Database from 'better-sqlite3';
import { openSqliteFile, timeOrderedId, type StoreClock } from '@acs/persistence';
import type {
  CampaignState,
  DeviceRunState,
  FailureCounts,
  FinishedDevice,
} from '@acs/firmware-domain';
import { FIRMWARE_DATABASE_FILE } from '../images/embedded-image-store';
import {
  campaignFromRecord,
  campaignToRecord,
  changedCampaign,
  movedDevice,
  type CampaignRecord,
} from './campaign-records';
import {
  DevicesInOtherCampaignError,
  type Campaign,
  type CampaignChange,
  type CampaignDevice,
  type CampaignStore,
  type DeviceChange,
  type NewCampaign,
  type NewCampaignDevice,
  type WaveStateCount,
} from './campaign-store';

// The queried fields as columns, the whole record as JSON beside them.
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS firmware_campaigns (
    campaign_id TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    revision INTEGER NOT NULL,
    body TEXT NOT NULL
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS firmware_campaign_devices (
    campaign_id TEXT NOT NULL,
    device_id TEXT NOT NULL,
    wave INTEGER NOT NULL,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    started_at TEXT,
    retry_at TEXT,
    finished_at TEXT,
    active INTEGER NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (campaign_id, device_id)
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS campaign_devices_by_device ON firmware_campaign_devices (device_id, active);
  CREATE INDEX IF NOT EXISTS campaign_devices_by_state ON firmware_campaign_devices (campaign_id, state, wave);
  CREATE INDEX IF NOT EXISTS campaign_devices_by_finish ON firmware_campaign_devices (campaign_id, finished_at);
  CREATE INDEX IF NOT EXISTS campaign_devices_by_start ON firmware_campaign_devices (campaign_id, started_at);
`;

interface DeviceRow {
  body: string;
}

function deviceOf(row: DeviceRow): CampaignDevice {
  return JSON.parse(row.body) as CampaignDevice;
}

function placeholders(count: number): string {
  return Array.from({ length: count }, () => '?').join(', ');
}

/** CampaignStore on firmware's SQLite file (the all-in-one app's). */
export class EmbeddedCampaignStore implements CampaignStore {
  private readonly now: () => Date;

  constructor(
    private readonly db: Database.Database,
    options: StoreClock = {},
  ) {
    this.now = options.now ?? (() => new Date());
    db.exec(SCHEMA);
  }

  static open(dataDir: string, options: StoreClock = {}): EmbeddedCampaignStore {
    return new EmbeddedCampaignStore(openSqliteFile(dataDir, FIRMWARE_DATABASE_FILE), options);
  }

  async create(campaign: NewCampaign, devices: readonly NewCampaignDevice[]): Promise<Campaign> {
    const createdAt = this.now();
    const stored: Campaign = { ...campaign, id: timeOrderedId(createdAt), createdAt, revision: 1 };
    const insertDevice = this.db.prepare(
      `INSERT INTO firmware_campaign_devices
         (campaign_id, device_id, wave, state, attempts, started_at, retry_at, finished_at, active, body)
       VALUES (?, ?, ?, ?, ?, NULL, NULL, ?, 1, ?)`,
    );
    this.db.transaction(() => {
      const taken = this.activeIn(devices.map((device) => device.deviceId));
      if (taken.size > 0) throw new DevicesInOtherCampaignError(taken);
      this.db
        .prepare(
          'INSERT INTO firmware_campaigns (campaign_id, state, revision, body) VALUES (?, ?, ?, ?)',
        )
        .run(stored.id, stored.state, stored.revision, JSON.stringify(campaignToRecord(stored)));
      for (const device of devices) {
        const record: CampaignDevice = { ...device, campaignId: stored.id };
        insertDevice.run(
          stored.id,
          device.deviceId,
          device.wave,
          device.state,
          device.attempts,
          device.finishedAt ?? null,
          JSON.stringify(record),
        );
      }
    })();
    return stored;
  }

  async get(id: string): Promise<Campaign | null> {
    const row = this.db
      .prepare('SELECT body FROM firmware_campaigns WHERE campaign_id = ?')
      .get(id) as { body: string } | undefined;
    return row ? campaignFromRecord(JSON.parse(row.body) as CampaignRecord) : null;
  }

  async list(query: { limit: number; skip?: number; states?: readonly CampaignState[] }) {
    const states = query.states ?? [];
    const where = states.length > 0 ? `WHERE state IN (${placeholders(states.length)})` : '';
    const rows = this.db
      .prepare(
        `SELECT body FROM firmware_campaigns ${where} ORDER BY campaign_id DESC LIMIT ? OFFSET ?`,
      )
      .all(...states, query.limit, query.skip ?? 0) as Array<{ body: string }>;
    const { total } = this.db
      .prepare(`SELECT COUNT(*) AS total FROM firmware_campaigns ${where}`)
      .get(...states) as { total: number };
    return {
      campaigns: rows.map((row) => campaignFromRecord(JSON.parse(row.body) as CampaignRecord)),
      total,
    };
  }

  async update(id: string, revision: number, change: CampaignChange): Promise<Campaign | null> {
    return this.db.transaction(() => {
      const row = this.db
        .prepare('SELECT body FROM firmware_campaigns WHERE campaign_id = ? AND revision = ?')
        .get(id, revision) as { body: string } | undefined;
      if (!row) return null;
      const next = changedCampaign(
        campaignFromRecord(JSON.parse(row.body) as CampaignRecord),
        change,
      );
      this.db
        .prepare(
          'UPDATE firmware_campaigns SET state = ?, revision = ?, body = ? WHERE campaign_id = ?',
        )
        .run(next.state, next.revision, JSON.stringify(campaignToRecord(next)), id);
      return next;
    })();
  }

  async releaseDevices(campaignId: string): Promise<void> {
    this.db
      .prepare(
        'UPDATE firmware_campaign_devices SET active = 0 WHERE campaign_id = ? AND active = 1',
      )
      .run(campaignId);
  }

  async device(campaignId: string, deviceId: string): Promise<CampaignDevice | null> {
    const row = this.db
      .prepare('SELECT body FROM firmware_campaign_devices WHERE campaign_id = ? AND device_id = ?')
      .get(campaignId, deviceId) as DeviceRow | undefined;
    return row ? deviceOf(row) : null;
  }

  async activeMembership(deviceId: string): Promise<CampaignDevice | null> {
    const row = this.db
      .prepare(
        'SELECT body FROM firmware_campaign_devices WHERE device_id = ? AND active = 1 LIMIT 1',
      )
      .get(deviceId) as DeviceRow | undefined;
    return row ? deviceOf(row) : null;
  }

  async activeCampaigns(deviceIds: readonly string[]): Promise<Map<string, string>> {
    return this.activeIn(deviceIds);
  }

  private activeIn(deviceIds: readonly string[]): Map<string, string> {
    const found = new Map<string, string>();
    const select = this.db.prepare(
      'SELECT campaign_id, device_id FROM firmware_campaign_devices WHERE device_id = ? AND active = 1',
    );
    for (const deviceId of new Set(deviceIds)) {
      const row = select.get(deviceId) as { campaign_id: string; device_id: string } | undefined;
      if (row) found.set(row.device_id, row.campaign_id);
    }
    return found;
  }

  async devices(
    campaignId: string,
    query: { limit: number; after?: string; states?: readonly DeviceRunState[] },
  ): Promise<CampaignDevice[]> {
    const states = query.states ?? [];
    const stateFilter = states.length > 0 ? `AND state IN (${placeholders(states.length)})` : '';
    const rows = this.db
      .prepare(
        `SELECT body FROM firmware_campaign_devices
         WHERE campaign_id = ? AND device_id > ? ${stateFilter} ORDER BY device_id LIMIT ?`,
      )
      .all(campaignId, query.after ?? '', ...states, query.limit) as DeviceRow[];
    return rows.map(deviceOf);
  }

  async startable(campaignId: string, query: { maxWave: number; now: Date; limit: number }) {
    const rows = this.db
      .prepare(
        `SELECT body FROM firmware_campaign_devices
         WHERE campaign_id = ? AND state = 'pending' AND wave <= ?
           AND (retry_at IS NULL OR retry_at <= ?)
         ORDER BY wave, device_id LIMIT ?`,
      )
      .all(campaignId, query.maxWave, query.now.toISOString(), query.limit) as DeviceRow[];
    return rows.map(deviceOf);
  }

  async moveDevice(
    campaignId: string,
    deviceId: string,
    from: { state: DeviceRunState; attempts: number },
    to: DeviceChange,
  ): Promise<boolean> {
    return this.db.transaction(() => {
      const row = this.db
        .prepare(
          `SELECT body FROM firmware_campaign_devices
           WHERE campaign_id = ? AND device_id = ? AND state = ? AND attempts = ?`,
        )
        .get(campaignId, deviceId, from.state, from.attempts) as DeviceRow | undefined;
      if (!row) return false;
      const next = movedDevice(deviceOf(row), to);
      this.db
        .prepare(
          `UPDATE firmware_campaign_devices
           SET state = ?, attempts = ?, started_at = ?, retry_at = ?, finished_at = ?, body = ?
           WHERE campaign_id = ? AND device_id = ?`,
        )
        .run(
          next.state,
          next.attempts,
          next.startedAt ?? null,
          next.retryAt ?? null,
          next.finishedAt ?? null,
          JSON.stringify(next),
          campaignId,
          deviceId,
        );
      return true;
    })();
  }

  async counts(campaignId: string): Promise<WaveStateCount[]> {
    return this.db
      .prepare(
        `SELECT wave, state, COUNT(*) AS count FROM firmware_campaign_devices
         WHERE campaign_id = ? GROUP BY wave, state ORDER BY wave, state`,
      )
      .all(campaignId) as WaveStateCount[];
  }

  async startedSince(campaignId: string, since: Date): Promise<number> {
    const { count } = this.db
      .prepare(
        'SELECT COUNT(*) AS count FROM firmware_campaign_devices WHERE campaign_id = ? AND started_at >= ?',
      )
      .get(campaignId, since.toISOString()) as { count: number };
    return count;
  }

  async failureCounts(campaignId: string, since?: Date): Promise<FailureCounts> {
    const rows = this.db
      .prepare(
        `SELECT json_extract(body, '$.failure.kind') AS kind, COUNT(*) AS count
         FROM firmware_campaign_devices
         WHERE campaign_id = ? AND state = 'failed' AND (? = '' OR started_at > ?) GROUP BY kind`,
      )
      .all(campaignId, since?.toISOString() ?? '', since?.toISOString() ?? '') as Array<{
      kind: string;
      count: number;
    }>;
    const of = (kind: string) => rows.find((row) => row.kind === kind)?.count ?? 0;
    return { confirmed: of('confirmed'), unconfirmed: of('unconfirmed') };
  }

  async recentlyFinished(
    campaignId: string,
    limit: number,
    since?: Date,
  ): Promise<FinishedDevice[]> {
    const rows = this.db
      .prepare(
        `SELECT body FROM firmware_campaign_devices
         WHERE campaign_id = ? AND state IN ('confirmed', 'failed') AND finished_at IS NOT NULL
           AND (? = '' OR started_at > ?)
         ORDER BY finished_at DESC, device_id LIMIT ?`,
      )
      .all(
        campaignId,
        since?.toISOString() ?? '',
        since?.toISOString() ?? '',
        limit,
      ) as DeviceRow[];
    return rows.map(deviceOf).map((device) => ({
      deviceId: device.deviceId,
      ...(device.state === 'failed' && device.failure ? { failure: device.failure.kind } : {}),
    }));
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
