import type { EmbeddedDeviceStore } from '@acs/device-store';
import { InProcessEventBus } from '@acs/event-bus';
import { SimulatedCpe } from '@acs/inventory-testing';
import { IngestSessionEvents } from './ingest-session-events';
import { DevicePosture } from './device-posture';
import { DEFAULT_INVENTORY_SETTINGS } from './inventory-settings';
import { LifecyclePublisher } from './lifecycle-outbox';
import { OfflineSweep } from './offline-sweep';
import {
  messagesOf,
  PublishedLifecycle,
  recordingLog,
  temporaryStore,
  testSecrets,
} from './test-support/harness';
import { SecretValues } from './secret-values';
import { WriteLock } from './write-lock';

describe('OfflineSweep', () => {
  let store: EmbeddedDeviceStore;
  let cleanup: () => Promise<void>;
  let published: PublishedLifecycle;
  let ingest: IngestSessionEvents;
  let now: Date;
  let sweep: OfflineSweep;

  beforeEach(() => {
    ({ store, cleanup } = temporaryStore());
    const bus = new InProcessEventBus();
    published = new PublishedLifecycle(bus);
    const log = recordingLog();
    const lifecycle = new LifecyclePublisher(bus, log);
    const lock = new WriteLock();
    const settings = { ...DEFAULT_INVENTORY_SETTINGS, sweepBatchSize: 2 };
    ingest = new IngestSessionEvents(
      store,
      lifecycle,
      lock,
      log,
      settings,
      new SecretValues(testSecrets(), log),
      new DevicePosture(log),
    );
    now = new Date('2026-03-01T08:00:00.000Z');
    sweep = new OfflineSweep(store, lifecycle, lock, log, settings, () => now);
  });
  afterEach(async () => {
    await sweep.stop();
    await cleanup();
  });

  it('announces devices past their deadline as offline, once, and online again at their next Inform', async () => {
    const devices = ['SIM000001', 'SIM000002', 'SIM000003'].map(
      (serial) => new SimulatedCpe('tr181', serial),
    );
    const late = new SimulatedCpe('tr098', 'IGD000009').later(3600);
    await ingest.handle(messagesOf([...devices.map((cpe) => cpe.inform()), late.inform()]));

    // Default policy: a day's interval, twice, plus a minute, from 08:00 (and 09:00 for `late`).
    now = new Date('2026-03-03T08:30:00.000Z');
    expect(await sweep.runOnce()).toBe(3);
    const offline = published.events.filter((e) => e.type === 'DeviceWentOffline');
    expect(offline.map((e) => e.deviceId).sort()).toEqual(devices.map((d) => d.deviceId).sort());
    expect(offline[0]).toMatchObject({
      occurredAt: '2026-03-03T08:01:00.000Z',
      lastInform: '2026-03-01T08:00:00.000Z',
    });
    expect(await store.get(devices[0]?.deviceId ?? '')).toMatchObject({ online: false });
    expect(await store.get(late.deviceId)).toMatchObject({ online: true });

    expect(await sweep.runOnce()).toBe(0);
    expect(published.events.filter((e) => e.type === 'DeviceWentOffline')).toHaveLength(3);

    const back = devices[0] as SimulatedCpe;
    await ingest.handle(messagesOf([back.later(2 * 86_400 + 3600).inform()]));
    expect(published.events.at(-1)).toMatchObject({
      type: 'DeviceCameOnline',
      deviceId: back.deviceId,
    });
    expect(await store.get(back.deviceId)).toMatchObject({ online: true });
  });

  it('runs by itself every interval once started', async () => {
    const cpe = new SimulatedCpe('tr181', 'SIM000010');
    await ingest.handle(messagesOf([cpe.inform()]));
    now = new Date('2026-03-10T00:00:00.000Z');
    const timed = new OfflineSweep(
      store,
      new LifecyclePublisher(new InProcessEventBus(), recordingLog()),
      new WriteLock(),
      recordingLog(),
      { sweepIntervalMs: 20, sweepBatchSize: 10 },
      () => now,
    );
    timed.start();
    try {
      const deadline = Date.now() + 20_000;
      while ((await store.get(cpe.deviceId))?.online !== false) {
        if (Date.now() > deadline) throw new Error('the sweep never ran');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      await timed.stop();
    }
  });
});
