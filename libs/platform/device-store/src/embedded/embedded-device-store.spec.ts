import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DeviceUpdate } from '../device-store';
import { describeDeviceStoreContract } from '../device-store.contract';
import { EmbeddedDeviceStore } from './embedded-device-store';

const root = mkdtempSync(join(tmpdir(), 'device-store-contract-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let stores = 0;
const directory = () => join(root, `store-${++stores}`);

describeDeviceStoreContract(
  'embedded (SQLite)',
  async ({ eventsPerDevice }) =>
    new EmbeddedDeviceStore({ directory: directory(), eventsPerDevice }),
);

describe('embedded store: what it keeps on disk', () => {
  const update = (n: number): DeviceUpdate => ({
    eventId: `event-${n}`,
    deviceId: 'dev-1',
    occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
    upsert: { lastInform: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString() },
  });

  it('remembers the newest applied eventIds within its bound, across reopening', async () => {
    const dir = directory();
    let store = new EmbeddedDeviceStore({ directory: dir, processedEventIds: 4 });
    for (let n = 1; n <= 9; n++) await store.applyBatch([update(n)]);
    await store.close();
    store = new EmbeddedDeviceStore({ directory: dir, processedEventIds: 4 });
    try {
      // The newest two (half the bound) are always remembered; the oldest are forgotten.
      expect(await store.applyBatch([update(9), update(8)])).toMatchObject({ duplicates: 2 });
      expect(await store.applyBatch([update(1), update(2)])).toMatchObject({ applied: 2 });
    } finally {
      await store.close();
    }
  });

  it('brings a version-1 store (before posture) up to date and keeps its devices', async () => {
    const dir = directory();
    const first = new EmbeddedDeviceStore({ directory: dir });
    await first.applyBatch([update(1)]);
    await first.close();
    // A version-1 file is one without the posture column.
    const db = new Database(join(dir, 'devices.sqlite'));
    db.exec('ALTER TABLE devices DROP COLUMN posture');
    db.pragma('user_version = 1');
    db.close();
    const again = new EmbeddedDeviceStore({ directory: dir });
    try {
      const posture = [{ id: 'cwmp-version-old', severity: 'low' as const, evidence: {} }];
      await again.applyBatch([{ ...update(2), posture }]);
      expect(await again.get('dev-1')).toMatchObject({ lastInform: update(2).occurredAt, posture });
    } finally {
      await again.close();
    }
  });

  it('reopens a store with everything it had, in the file it names', async () => {
    const dir = directory();
    const first = new EmbeddedDeviceStore({ directory: dir });
    await first.applyBatch([
      { ...update(1), setParameters: [{ path: 'Device.A', object: false, value: 'a' }] },
    ]);
    await first.close();
    const again = new EmbeddedDeviceStore({ directory: dir });
    try {
      expect(again.file).toBe(join(dir, 'devices.sqlite'));
      expect((await again.get('dev-1'))?.parameters['Device.A']?.value).toBe('a');
    } finally {
      await again.close();
    }
  });
});
