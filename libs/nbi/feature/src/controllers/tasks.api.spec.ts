import type { Task } from '@acs/contracts';
import { startTestNbi, TestNbi } from '../test-support/nbi-test-app';

const DEVICE = '00D09E-HG8245-TASKS1';
const OTHER = '00D09E-HG8245-TASKS2';

describe('tasks API', () => {
  let nbi: TestNbi;
  beforeAll(async () => {
    nbi = await startTestNbi();
    await nbi.seed({ deviceId: DEVICE }, { deviceId: OTHER });
  }, 30_000);
  afterAll(() => nbi.close());

  const create = (deviceId: string, body: unknown) =>
    nbi.request('POST', `/api/v1/devices/${deviceId}/tasks`, { key: nbi.keys.operator, body });

  it('queues a task for a device: pending, with its expiry and the connection-request option', async () => {
    const before = Date.now();
    const response = await create(DEVICE, {
      type: 'setParameterValues',
      payload: { values: [{ name: 'Device.WiFi.SSID.1.SSID', value: 'guest' }] },
      expiresInSeconds: 3600,
      connectionRequest: true,
    });
    expect(response.status).toBe(201);
    const task = response.body as Task;
    expect(task).toMatchObject({
      deviceId: DEVICE,
      type: 'setParameterValues',
      payload: { values: [{ name: 'Device.WiFi.SSID.1.SSID', value: 'guest' }] },
      status: 'pending',
      attempts: 0,
      connectionRequest: true,
    });
    const lifetime = Date.parse(task.expiresAt) - Date.parse(task.createdAt);
    expect(lifetime).toBe(3_600_000);
    expect(Date.parse(task.createdAt)).toBeGreaterThanOrEqual(before - 1000);
    // Stored as provisioning will read it.
    expect(await nbi.provisioningStores.tasks.get(task.id)).toEqual(task);
  });

  it('defaults to a week of waiting and no connection request', async () => {
    const task = (await create(DEVICE, { type: 'reboot', payload: {} })).body as Task;
    expect(Date.parse(task.expiresAt) - Date.parse(task.createdAt)).toBe(7 * 24 * 3600 * 1000);
    expect(task.connectionRequest).toBe(false);
  });

  it.each([
    [{ type: 'getParameterValues', payload: { parameterNames: [] } }, 'payload.parameterNames'],
    [
      { type: 'getParameterValues', payload: { parameterNames: ['Device.Bad Name'] } },
      'payload.parameterNames[0]',
    ],
    [{ type: 'reboot', payload: { commandkey: 'x' } }, 'payload.commandkey'],
    [
      { type: 'download', payload: { fileType: '1 Firmware Upgrade Image', url: 'file:///x' } },
      'payload.url',
    ],
    [{ type: 'upgrade', payload: {} }, 'type'],
    [{ type: 'reboot' }, 'payload'],
    [{ type: 'reboot', payload: {}, expiresInSeconds: 0 }, 'expiresInSeconds'],
    [[{ type: 'reboot', payload: {} }], 'type'],
  ])('answers 400 naming the field of a bad task %#', async (body, field) => {
    const response = await create(DEVICE, body);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: 'validation-failed', field });
  });

  it('answers 400 for a body that is not JSON, and for one that is missing', async () => {
    const garbled = await nbi.request('POST', `/api/v1/devices/${DEVICE}/tasks`, {
      key: nbi.keys.operator,
      rawBody: '{"type": "reboot",',
      headers: { 'content-type': 'application/json' },
    });
    expect(garbled.status).toBe(400);
    expect(garbled.body).toMatchObject({
      field: 'body',
      message: expect.stringMatching(/not valid JSON/),
    });
    const textual = await nbi.request('POST', `/api/v1/devices/${DEVICE}/tasks`, {
      key: nbi.keys.operator,
      rawBody: 'reboot please',
      headers: { 'content-type': 'text/plain' },
    });
    expect(textual.status).toBe(400);
    expect(textual.body).toMatchObject({
      field: 'body',
      message: expect.stringMatching(/text\/plain/),
    });
    const empty = await nbi.request('POST', `/api/v1/devices/${DEVICE}/tasks`, {
      key: nbi.keys.operator,
    });
    expect(empty.status).toBe(400);
    expect(empty.body).toMatchObject({ field: 'body' });
  });

  it.each([
    ['getParameterValues', { parameterNames: ['Device.DeviceInfo.'] }],
    ['setParameterValues', { values: [{ name: 'Device.X.Y', value: 1, type: 'int' }] }],
    ['getParameterNames', { subtree: 'Device.WiFi.', nextLevel: false }],
    ['refresh', { subtree: 'Device.' }],
    ['getParameterAttributes', { parameterNames: ['Device.X.Y'] }],
    ['setParameterAttributes', { parameters: [{ name: 'Device.X.Y', notification: 2 }] }],
    ['addObject', { objectName: 'Device.WiFi.SSID.' }],
    ['deleteObject', { objectName: 'Device.WiFi.SSID.2.' }],
    ['reboot', {}],
    ['factoryReset', {}],
    ['download', { fileType: '3 Vendor Configuration File', url: 'http://f/c.xml' }],
    ['upload', { fileType: '2 Vendor Log File', url: 'http://f/up' }],
    ['scheduleInform', { delaySeconds: 30 }],
  ])('accepts a %s task', async (type, payload) => {
    const response = await create(DEVICE, { type, payload });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ type, payload, status: 'pending' });
  });

  it('answers 400 for a body over 1 MiB', async () => {
    const response = await create(DEVICE, {
      type: 'setParameterValues',
      payload: { values: [{ name: 'Device.X.Y', value: 'x'.repeat(1_100_000) }] },
    });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      field: 'body',
      message: expect.stringMatching(/larger than/),
    });
  });

  it('answers 404 for a task on an unknown device', async () => {
    const response = await create('00D09E-HG8245-NOBODY', { type: 'reboot', payload: {} });
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ error: 'device-not-found' });
  });

  const file = { fileType: '1 Firmware Upgrade Image', url: 'https://files.example.net/fw.bin' };
  const credentials = { username: 'cpe', password: 'fw-s3cret' };
  it.each([
    ['download', { ...file, credentials }, { credentials: { username: 'cpe' } }],
    [
      'scheduleDownload',
      {
        ...file,
        credentials,
        timeWindows: [{ windowStart: 0, windowEnd: 60, windowMode: '1 At Any Time' }],
      },
      { credentials: { username: 'cpe' } },
    ],
    [
      'changeDuState',
      { operations: [{ operation: 'Install', url: file.url, ...credentials }] },
      { operations: [{ operation: 'Install', url: file.url, username: 'cpe' }] },
    ],
  ])(
    'keeps the file-server password of a %s for provisioning but never shows it',
    async (type, payload, visible) => {
      const response = await create(DEVICE, { type, payload });
      expect(response.status).toBe(201);
      const shown = response.body as Task;
      expect(JSON.stringify(shown)).not.toContain('fw-s3cret');
      expect(shown).toMatchObject({ payload: visible });
      const stored = await nbi.provisioningStores.tasks.get(shown.id);
      expect(JSON.stringify(stored)).toContain('fw-s3cret');
      const fetched = await nbi.request('GET', `/api/v1/tasks/${shown.id}`, {
        key: nbi.keys['read-only'],
      });
      expect(JSON.stringify(fetched.body)).not.toContain('fw-s3cret');
      const [entry] = await nbi.auditOutcomes(1);
      expect(entry?.action).toBe('task.create');
      expect(JSON.stringify(entry)).not.toContain('fw-s3cret');
    },
  );

  it('lists by device and status in creation order, a page at a time', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push(
        (
          (await create(OTHER, { type: 'scheduleInform', payload: { delaySeconds: i + 1 } }))
            .body as Task
        ).id,
      );
    }
    await nbi.provisioningStores.tasks.update(ids[0] ?? '', {
      status: 'running',
      countAttempt: true,
    });
    const page = await nbi.request(
      'GET',
      `/api/v1/tasks?deviceId=${OTHER}&status=pending&limit=1&skip=1`,
      {
        key: nbi.keys['read-only'],
      },
    );
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ total: 2, tasks: [{ id: ids[2], status: 'pending' }] });
    const both = await nbi.request(
      'GET',
      `/api/v1/tasks?deviceId=${OTHER}&status=pending,running`,
      {
        key: nbi.keys['read-only'],
      },
    );
    expect((both.body as { tasks: Task[] }).tasks.map((task) => task.id)).toEqual(ids);
    const bad = await nbi.request('GET', '/api/v1/tasks?status=pending,lost', {
      key: nbi.keys['read-only'],
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ field: 'status' });
  });

  it('gets one task, or 404', async () => {
    const task = (await create(DEVICE, { type: 'factoryReset', payload: {} })).body as Task;
    const got = await nbi.request('GET', `/api/v1/tasks/${task.id}`, {
      key: nbi.keys['read-only'],
    });
    expect(got).toMatchObject({ status: 200, body: task });
    const missing = await nbi.request('GET', '/api/v1/tasks/nope', { key: nbi.keys['read-only'] });
    expect(missing).toMatchObject({ status: 404, body: { error: 'task-not-found' } });
  });

  it('retries a failed task, waiting anew for as long as asked; refuses one still pending', async () => {
    const task = (await create(DEVICE, { type: 'reboot', payload: {}, expiresInSeconds: 600 }))
      .body as Task;
    const early = await nbi.request('POST', `/api/v1/tasks/${task.id}/retry`, {
      key: nbi.keys.operator,
    });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ error: 'task-not-retryable' });

    await nbi.provisioningStores.tasks.update(task.id, { status: 'running', countAttempt: true });
    await nbi.provisioningStores.tasks.update(task.id, {
      status: 'failed',
      fault: { code: '9002', message: 'Internal error' },
    });
    const retried = await nbi.request(
      'POST',
      `/api/v1/tasks/${task.id}/retry?expiresInSeconds=600`,
      {
        key: nbi.keys.operator,
      },
    );
    expect(retried.status).toBe(200);
    const body = retried.body as Task;
    expect(body).toMatchObject({ id: task.id, status: 'pending', attempts: 1 });
    expect(body).not.toHaveProperty('fault');
    expect(Date.parse(body.expiresAt) - Date.parse(body.updatedAt)).toBe(600_000);
    const missing = await nbi.request('POST', '/api/v1/tasks/nope/retry', {
      key: nbi.keys.operator,
    });
    expect(missing.status).toBe(404);
  });

  it('retries for a week unless told otherwise, and refuses a bad lifetime', async () => {
    const task = (await create(DEVICE, { type: 'reboot', payload: {} })).body as Task;
    await nbi.provisioningStores.tasks.update(task.id, { status: 'cancelled' });
    const bad = await nbi.request('POST', `/api/v1/tasks/${task.id}/retry?expiresInSeconds=0`, {
      key: nbi.keys.operator,
    });
    expect(bad).toMatchObject({ status: 400, body: { field: 'expiresInSeconds' } });
    const retried = await nbi.request('POST', `/api/v1/tasks/${task.id}/retry`, {
      key: nbi.keys.operator,
    });
    const body = retried.body as Task;
    expect(Date.parse(body.expiresAt) - Date.parse(body.updatedAt)).toBe(7 * 24 * 3600 * 1000);
  });

  it('deletes a waiting task but not a running one', async () => {
    const waiting = (await create(DEVICE, { type: 'reboot', payload: {} })).body as Task;
    const running = (await create(DEVICE, { type: 'reboot', payload: {} })).body as Task;
    await nbi.provisioningStores.tasks.update(running.id, { status: 'running' });
    const refused = await nbi.request('DELETE', `/api/v1/tasks/${running.id}`, {
      key: nbi.keys.operator,
    });
    expect(refused).toMatchObject({ status: 409, body: { error: 'task-running' } });
    const deleted = await nbi.request('DELETE', `/api/v1/tasks/${waiting.id}`, {
      key: nbi.keys.operator,
    });
    expect(deleted.status).toBe(204);
    expect(await nbi.provisioningStores.tasks.get(waiting.id)).toBeNull();
    const entries = await nbi.auditOutcomes(2);
    expect(entries.map((entry) => [entry.action, entry.target, entry.status, entry.error])).toEqual(
      [
        ['task.delete', `task:${waiting.id}`, 204, undefined],
        ['task.delete', `task:${running.id}`, 409, 'task-running'],
      ],
    );
  });
});
