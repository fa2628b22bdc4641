import { ManualClock } from '@acs/testing';
import { NewStoredTask, TaskStore } from './task-store';

export interface TaskStoreHarness {
  /** A store over empty storage, reading time from `clock`. */
  create(clock: ManualClock): Promise<TaskStore>;
  /** Releases what create() opened (called after each test). */
  cleanup(): Promise<void>;
}

const HOUR = 3_600_000;

/** The behaviour every TaskStore adapter must have; run by each adapter's spec. */
export function taskStoreContract(name: string, harness: TaskStoreHarness): void {
  describe(`${name}: task store contract`, () => {
    let clock: ManualClock;
    let store: TaskStore;

    beforeEach(async () => {
      clock = new ManualClock();
      store = await harness.create(clock);
    });
    afterEach(() => harness.cleanup());

    const reboot = (deviceId: string): NewStoredTask => ({
      deviceId,
      type: 'reboot',
      payload: { commandKey: 'maintenance' },
      expiresInSeconds: 24 * 3600,
      connectionRequest: false,
    });
    const setValues = (): NewStoredTask => ({
      deviceId: 'dev-1',
      type: 'setParameterValues',
      payload: {
        values: [
          { name: 'Device.WiFi.SSID.1.SSID', value: 'home' },
          {
            name: 'Device.ManagementServer.PeriodicInformInterval',
            value: 300,
            type: 'unsignedInt',
          },
          { name: 'Device.WiFi.Radio.1.Enable', value: false, type: 'boolean' },
        ],
        parameterKey: 'k1',
      },
      expiresInSeconds: 3600,
      connectionRequest: true,
    });

    it('stores a new task as pending, with an id, times and no attempts', async () => {
      const input = setValues();
      const created = await store.create(input);
      expect(created).toEqual({
        deviceId: input.deviceId,
        type: input.type,
        payload: input.payload,
        connectionRequest: true,
        expiresAt: clock.iso(input.expiresInSeconds * 1000),
        id: expect.any(String),
        status: 'pending',
        attempts: 0,
        createdAt: clock.iso(),
        updatedAt: clock.iso(),
      });
      // Payload values keep their JSON types (numbers, booleans) through storage.
      expect(await store.get(created.id)).toEqual(created);
      expect(await store.get('no-such-task')).toBeNull();
    });

    it("keeps a task's own attempt limit, and none when it was not given", async () => {
      const limited = await store.create({ ...setValues(), maxAttempts: 1 });
      expect(limited.maxAttempts).toBe(1);
      expect(await store.get(limited.id)).toEqual(limited);
      expect(await store.get((await store.create(setValues())).id)).not.toHaveProperty(
        'maxAttempts',
      );
    });

    it('lists in creation order, by device and status, a page at a time with the total', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push((await store.create(reboot('dev-1'))).id);
      await store.create(reboot('dev-2'));
      await store.update(ids[1] ?? '', { status: 'running', countAttempt: true });

      const page = await store.list({ deviceId: 'dev-1', limit: 2, skip: 1 });
      expect(page.total).toBe(5);
      expect(page.tasks.map((task) => task.id)).toEqual(ids.slice(1, 3));

      const pending = await store.list({ deviceId: 'dev-1', status: ['pending'], limit: 10 });
      expect(pending.total).toBe(4);
      expect(pending.tasks.map((task) => task.id)).toEqual([ids[0], ...ids.slice(2)]);

      expect((await store.list({ limit: 100 })).total).toBe(6);
      expect(await store.list({ status: [], limit: 10 })).toEqual({ tasks: [], total: 0 });
      expect(await store.list({ deviceId: 'dev-1', limit: 10, skip: 10 })).toEqual({
        tasks: [],
        total: 5,
      });
    });

    it("lists a device's open tasks through every change of status", async () => {
      const open = async () =>
        (await store.list({ deviceId: 'dev-1', status: ['pending', 'running'], limit: 100 })).tasks
          .map((task) => `${task.id}:${task.status}`)
          .join(' ');
      const a = await store.create(reboot('dev-1'));
      const b = await store.create(reboot('dev-1'));
      const c = await store.create(reboot('dev-1'));
      const d = await store.create({ ...reboot('dev-1'), expiresInSeconds: 60 });
      await store.create(reboot('dev-2'));
      await store.update(a.id, { status: 'running', countAttempt: true }, ['pending']);
      await store.update(b.id, { status: 'done', result: {} }, ['pending']);
      await store.update(c.id, { status: 'failed', fault: { code: '9002', message: 'x' } });
      clock.advance(120_000);
      await store.expirePending(clock.iso());
      expect(await open()).toBe(`${a.id}:running`);
      expect(await store.retry(c.id, 3600)).toMatchObject({ outcome: 'updated' });
      expect(await store.retry(d.id, 3600)).toMatchObject({ outcome: 'updated' });
      await store.update(a.id, { status: 'pending' }, ['running']);
      expect(await open()).toBe(`${a.id}:pending ${c.id}:pending ${d.id}:pending`);
      expect((await store.delete(c.id)).outcome).toBe('deleted');
      expect(await store.list({ deviceId: 'dev-1', status: ['running'], limit: 10 })).toEqual({
        tasks: [],
        total: 0,
      });
      const page = await store.list({ deviceId: 'dev-1', status: ['pending'], limit: 1, skip: 1 });
      expect(page).toEqual({ tasks: [await store.get(d.id)], total: 2 });
      expect(await store.deleteForDevice('dev-1')).toBe(3);
      expect(await open()).toBe('');
    });

    it('keeps creation order for tasks created within one millisecond', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 20; i++) ids.push((await store.create(reboot('dev-1'))).id);
      const listed = await store.list({ deviceId: 'dev-1', limit: 100 });
      expect(listed.tasks.map((task) => task.id)).toEqual(ids);
    });

    it('moves a task only from the statuses allowed, counting attempts', async () => {
      const task = await store.create(reboot('dev-1'));
      clock.advance(1000);
      const claimed = await store.update(task.id, { status: 'running', countAttempt: true }, [
        'pending',
      ]);
      expect(claimed).toEqual({
        outcome: 'updated',
        task: { ...task, status: 'running', attempts: 1, updatedAt: clock.iso() },
      });
      // A second claimant loses and sees the task as it is.
      const again = await store.update(task.id, { status: 'running', countAttempt: true }, [
        'pending',
      ]);
      expect(again).toEqual({
        outcome: 'conflict',
        task: { ...task, status: 'running', attempts: 1, updatedAt: clock.iso() },
      });
      expect(await store.update('no-such-task', { status: 'done' })).toEqual({
        outcome: 'not-found',
      });
    });

    it('records the result of a task that succeeded and the fault of one that failed', async () => {
      const done = await store.create(reboot('dev-1'));
      const failed = await store.create(reboot('dev-1'));
      const result = {
        values: [{ name: 'Device.DeviceInfo.UpTime', value: 42, type: 'unsignedInt' }],
      };
      const fault = { code: '9002', message: 'Internal error', detail: { rpc: 'Reboot' } };
      await store.update(done.id, { status: 'done', result });
      await store.update(failed.id, { status: 'failed', fault });
      expect(await store.get(done.id)).toMatchObject({ status: 'done', result });
      expect(await store.get(done.id)).not.toHaveProperty('fault');
      expect(await store.get(failed.id)).toMatchObject({ status: 'failed', fault });
      expect(await store.get(failed.id)).not.toHaveProperty('result');
    });

    it('retries a failed task: pending again, fault cleared, attempts kept, expiring anew', async () => {
      const task = await store.create(reboot('dev-1'));
      await store.update(task.id, { status: 'running', countAttempt: true });
      await store.update(task.id, { status: 'failed', fault: { code: '9001', message: 'denied' } });
      clock.advance(HOUR);
      const retried = await store.retry(task.id, 7200);
      expect(retried).toEqual({
        outcome: 'updated',
        task: {
          ...task,
          status: 'pending',
          attempts: 1,
          updatedAt: clock.iso(),
          expiresAt: clock.iso(2 * HOUR),
        },
      });
    });

    it('refuses to retry a task that is pending, running or done', async () => {
      const task = await store.create(reboot('dev-1'));
      expect(await store.retry(task.id, 3600)).toMatchObject({
        outcome: 'conflict',
        task: { status: 'pending' },
      });
      await store.update(task.id, { status: 'done', result: {} });
      expect(await store.retry(task.id, 3600)).toMatchObject({
        outcome: 'conflict',
        task: { status: 'done' },
      });
      expect(await store.retry('no-such-task', 3600)).toEqual({ outcome: 'not-found' });
    });

    it('expires pending tasks whose time has passed, and only those', async () => {
      const soon = await store.create({ ...reboot('dev-1'), expiresInSeconds: 3600 });
      const later = await store.create({ ...reboot('dev-1'), expiresInSeconds: 3 * 3600 });
      const running = await store.create({ ...reboot('dev-1'), expiresInSeconds: 3600 });
      await store.update(running.id, { status: 'running' });
      clock.advance(2 * HOUR);
      expect(await store.expirePending(clock.iso())).toBe(1);
      expect((await store.get(soon.id))?.status).toBe('expired');
      expect((await store.get(later.id))?.status).toBe('pending');
      expect((await store.get(running.id))?.status).toBe('running');
      expect(await store.retry(soon.id, 3600)).toMatchObject({ outcome: 'updated' });
    });

    it('deletes a task unless its status forbids it', async () => {
      const waiting = await store.create(reboot('dev-1'));
      const running = await store.create(reboot('dev-1'));
      await store.update(running.id, { status: 'running' });
      expect(await store.delete(running.id, ['running'])).toMatchObject({
        outcome: 'conflict',
        task: { id: running.id, status: 'running' },
      });
      expect(await store.delete(waiting.id, ['running'])).toEqual({ outcome: 'deleted' });
      expect(await store.get(waiting.id)).toBeNull();
      expect(await store.delete(waiting.id)).toEqual({ outcome: 'not-found' });
    });

    it("deletes all of one device's tasks and nobody else's", async () => {
      await store.create(reboot('dev-1'));
      await store.create(reboot('dev-1'));
      const other = await store.create(reboot('dev-2'));
      expect(await store.deleteForDevice('dev-1')).toBe(2);
      expect((await store.list({ limit: 10 })).tasks).toEqual([other]);
      expect(await store.deleteForDevice('dev-1')).toBe(0);
    });
  });
}
