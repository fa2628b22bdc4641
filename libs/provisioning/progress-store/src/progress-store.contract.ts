import { newSessionProgress } from '@acs/provisioning-domain';
import type { PendingWorkMarker, SessionProgressStore } from './ports';
import { knownIdle } from './ports';

/** The behaviour every adapter pair (progress store, pending-work marker) must have. */
export function describeProgressStoreContract(
  name: string,
  setup: { progress(): SessionProgressStore; marker(): PendingWorkMarker },
): void {
  let counter = 0;
  const deviceId = () => `00D09E-HGW-SN${++counter}-${Date.now()}`;

  /** A progress decided from a record with `writesBefore` writes, as it is written. */
  const progressOf = (device: string, sessionId: string, writesBefore: number) => ({
    ...newSessionProgress({
      sessionId,
      deviceId: device,
      identity: { oui: '00D09E', productClass: 'HGW', serialNumber: 'SN1', manufacturer: 'X' },
      informValues: [{ name: 'Device.DeviceInfo.SoftwareVersion', type: 'string', value: '1.0' }],
      eventCodes: ['1 BOOT'],
      softwareVersion: '1.0',
      markerVersion: 3,
      writesBefore,
    }),
    writes: writesBefore + 1,
  });

  describe(`${name}: session progress store`, () => {
    it('keeps what provisioning wrote for the device until the session is done', async () => {
      const store = setup.progress();
      const device = deviceId();
      const progress = {
        ...progressOf(device, 's1', 0),
        rpcCount: 2,
        readSubtrees: ['Device.WiFi.'],
      };
      expect(await store.put(progress, 60_000)).toBe(true);
      expect(await store.get(device)).toEqual(progress);

      await store.delete(device, 'another-session');
      expect(await store.get(device)).toEqual(progress);
      await store.delete(device, 's1');
      expect(await store.get(device)).toBeNull();
    });

    it('writes only over the record a decision was made from', async () => {
      const store = setup.progress();
      const device = deviceId();
      expect(await store.put(progressOf(device, 's1', 0), 60_000)).toBe(true);
      const second = { ...progressOf(device, 's1', 1), rpcCount: 1 };
      expect(await store.put(second, 60_000)).toBe(true);

      // Decided from the first record, written after the second: refused, the second stays.
      expect(await store.put({ ...progressOf(device, 's1', 1), rpcCount: 7 }, 60_000)).toBe(false);
      expect(await store.get(device)).toEqual(second);
      // A new session's first write over the old session's record, read as it is.
      expect(await store.put(progressOf(device, 's2', 2), 60_000)).toBe(true);
    });

    it('lets one of two writers deciding from the same record win', async () => {
      const store = setup.progress();
      const device = deviceId();
      const outcomes = await Promise.all([
        store.put({ ...progressOf(device, 's1', 0), rpcCount: 1 }, 60_000),
        store.put({ ...progressOf(device, 's1', 0), rpcCount: 2 }, 60_000),
      ]);
      expect(outcomes.filter(Boolean)).toHaveLength(1);
    });

    it('forgets progress once its time to live has passed', async () => {
      const store = setup.progress();
      const device = deviceId();
      expect(await store.put(progressOf(device, 's1', 0), 50)).toBe(true);
      const deadline = Date.now() + 5_000;
      while ((await store.get(device)) !== null && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(await store.get(device)).toBeNull();
    });
  });

  describe(`${name}: pending-work marker`, () => {
    it('knows nothing of a device never evaluated: it must take the slow path', async () => {
      const marker = setup.marker();
      const state = await marker.read(deviceId());
      expect(state).toEqual({ version: 0, clean: null });
      expect(knownIdle(state, 1, Date.now())).toBe(false);
    });

    it('says idle after a clean evaluation, until presets change or the due time passes', async () => {
      const marker = setup.marker();
      const device = deviceId();
      const now = Date.now();
      const seen = await marker.read(device);
      expect(await marker.markClean(device, seen.version, { revision: 7, dueAt: now + 1000 })).toBe(
        true,
      );
      const state = await marker.read(device);
      expect(knownIdle(state, 7, now)).toBe(true);
      expect(knownIdle(state, 8, now)).toBe(false);
      expect(knownIdle(state, 7, now + 1000)).toBe(false);
    });

    it('never records clean over a change made during the evaluation', async () => {
      const marker = setup.marker();
      const device = deviceId();
      const seen = await marker.read(device);
      await marker.markDirty([device]);
      expect(await marker.markClean(device, seen.version, { revision: 1, dueAt: 9e15 })).toBe(
        false,
      );
      const state = await marker.read(device);
      expect(state.version).toBe(seen.version + 1);
      expect(knownIdle(state, 1, Date.now())).toBe(false);
    });

    it('a change after a clean evaluation brings the device back to the slow path', async () => {
      const marker = setup.marker();
      const [first, second] = [deviceId(), deviceId()];
      for (const device of [first, second]) {
        await marker.markClean(device, 0, { revision: 1, dueAt: 9e15 });
      }
      await marker.markDirty([first]);
      expect(knownIdle(await marker.read(first), 1, Date.now())).toBe(false);
      expect(knownIdle(await marker.read(second), 1, Date.now())).toBe(true);
    });

    it('marks many devices dirty in one call (a task wave, a preset change)', async () => {
      const marker = setup.marker();
      // Enough devices that, in a Redis Cluster, their keys fall on every master.
      const devices = Array.from({ length: 40 }, () => deviceId());
      for (const device of devices) {
        await marker.markClean(device, 0, { revision: 1, dueAt: 9e15 });
      }
      await marker.markDirty(devices);
      const states = await Promise.all(devices.map((device) => marker.read(device)));
      expect(states.filter((state) => state.version === 1 && state.clean === null)).toHaveLength(
        devices.length,
      );
    });
  });
}
