import type { CampaignPlan } from '@acs/firmware-domain';
import { ManualClock } from '@acs/testing';
import {
  DevicesInOtherCampaignError,
  type CampaignStore,
  type NewCampaign,
  type NewCampaignDevice,
} from './campaign-store';

export interface CampaignStoreHarness {
  create(clock: ManualClock): Promise<CampaignStore>;
  cleanup(): Promise<void>;
}

const plan: CampaignPlan = {
  mode: 'active',
  waves: { kind: 'equal', count: 2 },
  maxInFlight: 10,
  maxPerMinute: 10,
  stopRules: [],
  retries: { max: 0, backoffSeconds: 60 },
  confirmTimeoutSeconds: 600,
};

export const newCampaign = (name = 'HG8245 to 2.1'): NewCampaign => ({
  name,
  imageId: 'image-1',
  targetVersion: '2.1',
  target: { kind: 'tag', tag: 'lab' },
  plan,
  state: 'running',
  waveSizes: [2, 1],
  currentWave: 0,
});

const member = (deviceId: string, wave: number): NewCampaignDevice => ({
  deviceId,
  wave,
  imageId: 'image-1',
  fromVersion: '2.0',
  state: 'pending',
  attempts: 0,
});

/** The behaviour of every CampaignStore adapter; run by each adapter's spec. */
export function campaignStoreContract(name: string, harness: CampaignStoreHarness): void {
  describe(`${name}: campaign store contract`, () => {
    let clock: ManualClock;
    let store: CampaignStore;

    beforeEach(async () => {
      clock = new ManualClock();
      store = await harness.create(clock);
    });
    afterEach(() => harness.cleanup());

    it('stores a campaign with its devices and reads them back', async () => {
      const created = await store.create(newCampaign(), [
        member('d1', 0),
        member('d2', 0),
        member('d3', 1),
      ]);
      expect(created).toMatchObject({ revision: 1, createdAt: clock.now(), state: 'running' });
      expect(await store.get(created.id)).toEqual(created);
      expect(await store.get('nope')).toBeNull();
      expect((await store.devices(created.id, { limit: 10 })).map((d) => d.deviceId)).toEqual([
        'd1',
        'd2',
        'd3',
      ]);
      expect(await store.device(created.id, 'd3')).toEqual({
        ...member('d3', 1),
        campaignId: created.id,
      });
      expect(await store.counts(created.id)).toEqual([
        { wave: 0, state: 'pending', count: 2 },
        { wave: 1, state: 'pending', count: 1 },
      ]);
      expect((await store.list({ limit: 10 })).total).toBe(1);
      expect((await store.list({ limit: 10, states: ['paused'] })).campaigns).toEqual([]);
    });

    it('refuses a device that is in another campaign which has not ended, storing nothing', async () => {
      const first = await store.create(newCampaign(), [member('d1', 0)]);
      const refused = store.create(newCampaign('second'), [member('d2', 0), member('d1', 0)]);
      await expect(refused).rejects.toBeInstanceOf(DevicesInOtherCampaignError);
      await expect(refused).rejects.toMatchObject({
        campaignsByDevice: new Map([['d1', first.id]]),
      });
      expect((await store.list({ limit: 10 })).total).toBe(1);
      expect(await store.activeMembership('d2')).toBeNull();
      expect((await store.activeMembership('d1'))?.campaignId).toBe(first.id);
      await store.releaseDevices(first.id);
      expect(await store.activeMembership('d1')).toBeNull();
      const second = await store.create(newCampaign('second'), [member('d2', 0), member('d1', 0)]);
      expect(await store.activeCampaigns(['d1', 'd2', 'd9'])).toEqual(
        new Map([
          ['d1', second.id],
          ['d2', second.id],
        ]),
      );
    });

    it('updates a campaign only at the revision it read', async () => {
      const created = await store.create(newCampaign(), [member('d1', 0)]);
      const pause = { by: 'operator', at: clock.now().toISOString() } as const;
      const paused = await store.update(created.id, 1, { state: 'paused', pause });
      expect(paused).toMatchObject({ state: 'paused', pause, revision: 2 });
      expect(await store.update(created.id, 1, { state: 'cancelled' })).toBeNull();
      const resumed = await store.update(created.id, 2, { state: 'running', unset: ['pause'] });
      expect(resumed?.pause).toBeUndefined();
      expect(await store.get(created.id)).toEqual(resumed);
    });

    it('moves a device only from the state and attempt it was read in', async () => {
      const { id } = await store.create(newCampaign(), [member('d1', 0), member('d2', 1)]);
      const startedAt = clock.now().toISOString();
      const scheduled = {
        state: 'scheduled',
        attempts: 1,
        startedAt,
        taskId: 't1',
        commandKey: 'k1',
      } as const;
      expect(await store.moveDevice(id, 'd1', { state: 'pending', attempts: 0 }, scheduled)).toBe(
        true,
      );
      expect(await store.moveDevice(id, 'd1', { state: 'pending', attempts: 0 }, scheduled)).toBe(
        false,
      );
      expect(await store.device(id, 'd1')).toMatchObject({
        ...scheduled,
        wave: 0,
        fromVersion: '2.0',
      });
      expect(await store.startedSince(id, new Date(clock.now().getTime() - 1000))).toBe(1);
      expect(await store.startedSince(id, new Date(clock.now().getTime() + 1000))).toBe(0);
      // A retry: back to pending, not before a time; the task fields go.
      const retryAt = new Date(clock.now().getTime() + 60_000).toISOString();
      const failure = { kind: 'confirmed', code: '9010', message: 'x' } as const;
      await store.moveDevice(
        id,
        'd1',
        { state: 'scheduled', attempts: 1 },
        { state: 'pending', attempts: 1, retryAt, failure },
      );
      expect(await store.device(id, 'd1')).not.toHaveProperty('taskId');
      expect(await store.startable(id, { maxWave: 1, now: clock.now(), limit: 10 })).toEqual([
        expect.objectContaining({ deviceId: 'd2' }),
      ]);
      expect(await store.startable(id, { maxWave: 0, now: clock.now(), limit: 10 })).toEqual([]);
      const later = new Date(clock.now().getTime() + 60_000);
      expect(
        (await store.startable(id, { maxWave: 1, now: later, limit: 10 })).map((d) => d.deviceId),
      ).toEqual(['d1', 'd2']);
      expect(
        (await store.startable(id, { maxWave: 1, now: later, limit: 1 })).map((d) => d.deviceId),
      ).toEqual(['d1']);
    });

    it("keeps a rollback's states and progress beside the rollout's, and counts and filters them", async () => {
      const { id } = await store.create(newCampaign(), [member('d1', 0), member('d2', 0)]);
      const finishedAt = clock.now().toISOString();
      const confirmed = {
        state: 'confirmed',
        attempts: 1,
        startedAt: finishedAt,
        finishedAt,
        taskId: 't1',
        commandKey: 'k1',
      } as const;
      await store.moveDevice(id, 'd1', { state: 'pending', attempts: 0 }, confirmed);
      const rollback = {
        scope: 'all',
        requestedAt: finishedAt,
        from: 'confirmed',
        toVersion: '2.0',
      } as const;
      const pending = { ...confirmed, state: 'rollback-pending', rollback } as const;
      expect(await store.moveDevice(id, 'd1', { state: 'confirmed', attempts: 1 }, pending)).toBe(
        true,
      );
      const rolling = {
        ...pending,
        state: 'rolling-back',
        rollback: {
          ...rollback,
          startedAt: finishedAt,
          method: 'bank-switch',
          bank: 'Device.DeviceInfo.FirmwareImage.1',
          taskIds: ['t2', 't3', 't4'],
        },
      } as const;
      expect(
        await store.moveDevice(id, 'd1', { state: 'rollback-pending', attempts: 1 }, rolling),
      ).toBe(true);
      expect(
        await store.moveDevice(id, 'd1', { state: 'rollback-pending', attempts: 1 }, rolling),
      ).toBe(false);
      expect(await store.device(id, 'd1')).toEqual({
        ...member('d1', 0),
        ...rolling,
        campaignId: id,
      });
      expect(await store.activeMembership('d1')).toMatchObject({ state: 'rolling-back', rollback });
      expect(
        (await store.devices(id, { limit: 10, states: ['rolling-back', 'rollback-pending'] })).map(
          (d) => d.deviceId,
        ),
      ).toEqual(['d1']);
      expect(await store.counts(id)).toEqual([
        { wave: 0, state: 'pending', count: 1 },
        { wave: 0, state: 'rolling-back', count: 1 },
      ]);
      // Not a finished device of the rollout: the stop rules do not see it.
      expect(await store.recentlyFinished(id, 10)).toEqual([]);
      expect(await store.failureCounts(id)).toEqual({ confirmed: 0, unconfirmed: 0 });
    });

    it('lists finished devices newest first with their failure kind, and filters by state', async () => {
      const { id } = await store.create(
        newCampaign(),
        ['a', 'b', 'c'].map((d) => member(d, 0)),
      );
      const finish = async (deviceId: string, at: number, failed: boolean) => {
        const finishedAt = new Date(Date.UTC(2026, 11, 7, 10, 0, at)).toISOString();
        await store.moveDevice(
          id,
          deviceId,
          { state: 'pending', attempts: 0 },
          failed
            ? {
                state: 'failed',
                attempts: 1,
                startedAt: finishedAt,
                finishedAt,
                failure: { kind: 'unconfirmed', code: 'no-return', message: '' },
              }
            : { state: 'confirmed', attempts: 1, startedAt: finishedAt, finishedAt },
        );
      };
      await finish('a', 1, false);
      await finish('c', 3, true);
      await finish('b', 2, false);
      expect(await store.recentlyFinished(id, 10)).toEqual([
        { deviceId: 'c', failure: 'unconfirmed' },
        { deviceId: 'b' },
        { deviceId: 'a' },
      ]);
      expect(await store.recentlyFinished(id, 1)).toEqual([
        { deviceId: 'c', failure: 'unconfirmed' },
      ]);
      expect(
        (await store.devices(id, { limit: 10, states: ['confirmed'] })).map((d) => d.deviceId),
      ).toEqual(['a', 'b']);
      expect((await store.devices(id, { limit: 10, after: 'a' })).map((d) => d.deviceId)).toEqual([
        'b',
        'c',
      ]);
    });
  });
}
