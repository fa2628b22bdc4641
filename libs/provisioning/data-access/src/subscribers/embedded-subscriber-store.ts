import type { SubscriberRecord } from '@acs/contracts';
import { timeOrderedId } from '@acs/persistence';
import type { ProvisioningDatabase } from '../embedded/provisioning-database';
import type { StoreClock } from '@acs/persistence';
import {
  checkSubscriberRecords,
  DeviceIdentity,
  SubscriberPage,
  SubscriberStore,
} from './subscriber-store';

/** The record whole, and copies of the fields looked up by; `written` orders rewrites. */
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS provisioning_subscribers (
    subscriber_id TEXT PRIMARY KEY,
    device_id TEXT,
    serial_number TEXT,
    oui TEXT,
    profile TEXT,
    record TEXT NOT NULL,
    written TEXT NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS provisioning_subscribers_by_device
    ON provisioning_subscribers (device_id, written);
  CREATE INDEX IF NOT EXISTS provisioning_subscribers_by_serial
    ON provisioning_subscribers (serial_number, written);
  CREATE INDEX IF NOT EXISTS provisioning_subscribers_by_profile
    ON provisioning_subscribers (profile, subscriber_id);
`;

const recordOf = (row: { record: string } | undefined): SubscriberRecord | null =>
  row ? (JSON.parse(row.record) as SubscriberRecord) : null;

/** SubscriberStore on provisioning's SQLite file (see openProvisioningDatabase). */
export class EmbeddedSubscriberStore implements SubscriberStore {
  private readonly now: () => Date;

  constructor(
    private readonly db: ProvisioningDatabase,
    options: StoreClock = {},
  ) {
    this.now = options.now ?? (() => new Date());
    db.exec(SCHEMA);
  }

  async upsert(records: SubscriberRecord[]): Promise<number> {
    const checked = checkSubscriberRecords(records);
    const write = this.db.prepare(
      `INSERT OR REPLACE INTO provisioning_subscribers
         (subscriber_id, device_id, serial_number, oui, profile, record, written)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.db
      .transaction(() => {
        for (const record of checked) {
          write.run(
            record.subscriberId,
            record.deviceId ?? null,
            record.serialNumber ?? null,
            record.oui ?? null,
            record.profile ?? null,
            JSON.stringify(record),
            timeOrderedId(this.now()),
          );
        }
      })
      .immediate();
    return checked.length;
  }

  async findForDevice(identity: DeviceIdentity): Promise<SubscriberRecord | null> {
    const byDevice = this.db
      .prepare(
        `SELECT record FROM provisioning_subscribers WHERE device_id = ?
         ORDER BY written DESC LIMIT 1`,
      )
      .get(identity.deviceId) as { record: string } | undefined;
    if (byDevice || identity.serialNumber === undefined) return recordOf(byDevice);
    // `oui = NULL` is never true: without the device's OUI only records giving none match.
    const bySerial = this.db
      .prepare(
        `SELECT record FROM provisioning_subscribers
         WHERE serial_number = ? AND device_id IS NULL AND (oui IS NULL OR oui = ?)
         ORDER BY written DESC LIMIT 1`,
      )
      .get(identity.serialNumber, identity.oui ?? null) as { record: string } | undefined;
    return recordOf(bySerial);
  }

  async get(subscriberId: string): Promise<SubscriberRecord | null> {
    return recordOf(
      this.db
        .prepare('SELECT record FROM provisioning_subscribers WHERE subscriber_id = ?')
        .get(subscriberId) as { record: string } | undefined,
    );
  }

  async delete(subscriberId: string): Promise<boolean> {
    return (
      this.db
        .prepare('DELETE FROM provisioning_subscribers WHERE subscriber_id = ?')
        .run(subscriberId).changes > 0
    );
  }

  async list(page: { limit: number; skip?: number }): Promise<SubscriberPage> {
    const rows = this.db
      .prepare(
        'SELECT record FROM provisioning_subscribers ORDER BY subscriber_id LIMIT ? OFFSET ?',
      )
      .all(page.limit, page.skip ?? 0) as { record: string }[];
    const { total } = this.db
      .prepare('SELECT COUNT(*) AS total FROM provisioning_subscribers')
      .get() as { total: number };
    return { subscribers: rows.map((row) => JSON.parse(row.record) as SubscriberRecord), total };
  }

  async subscribersWithProfile(configurationId: string, limit: number): Promise<string[]> {
    const rows = this.db
      .prepare(
        `SELECT subscriber_id FROM provisioning_subscribers WHERE profile = ?
         ORDER BY subscriber_id LIMIT ?`,
      )
      .all(configurationId, limit) as { subscriber_id: string }[];
    return rows.map((row) => row.subscriber_id);
  }
}
