import type { Task } from '@acs/contracts';
import type { AuditEntry } from '@acs/nbi-data-access';
import type {
  NbiConnectionRequests,
  NbiWakeOutcome,
} from '../use-cases/connection-request-use-cases';
import { startTestNbi, TestNbi } from '../test-support/nbi-test-app';

const DEVICE = '00D09E-HG8245-CR1';
const BUSY = '00D09E-HG8245-CR2';

/**
 * Provisioning's DeviceWakeUp as the API sees it: answers the outcome set per device, and records
 * each call with the device's tasks as they were stored at that moment.
 */
class ScriptedWakeUp implements NbiConnectionRequests {
  readonly calls: Array<{ deviceId: string; reason?: string; tasksStored: Task[] }> = [];
  outcomes = new Map<string, NbiWakeOutcome>();
  /** Runs after each wake-up (a test plays the device's session with it). */
  afterWake: ((deviceId: string) => Promise<void>) | undefined;
  nbi: TestNbi | undefined;

  async wake(deviceId: string, reason?: string): Promise<NbiWakeOutcome> {
    const stored = await this.nbi?.provisioningStores.tasks.list({ deviceId, limit: 100, skip: 0 });
    this.calls.push({ deviceId, ...(reason ? { reason } : {}), tasksStored: stored?.tasks ?? [] });
    void this.afterWake?.(deviceId);
    return this.outcomes.get(deviceId) ?? { outcome: 'ok', method: 'http' };
  }
}

describe('connection requests through the API', () => {
  let nbi: TestNbi;
  const wakeUp = new ScriptedWakeUp();
  beforeAll(async () => {
    nbi = await startTestNbi({ connectionRequests: wakeUp });
    wakeUp.nbi = nbi;
    await nbi.seed({ deviceId: DEVICE }, { deviceId: BUSY });
  }, 30_000);
  afterAll(() => nbi.close());
  beforeEach(() => {
    wakeUp.calls.length = 0;
    wakeUp.outcomes.clear();
    wakeUp.afterWake = undefined;
  });

  const createTask = (deviceId: string, body: unknown, query = '') =>
    nbi.request('POST', `/api/v1/devices/${deviceId}/tasks${query}`, {
      key: nbi.keys.operator,
      body,
    });
  const requestConnection = (deviceId: string, key = nbi.keys.operator) =>
    nbi.request('POST', `/api/v1/devices/${deviceId}/connection-request`, { key });
  const reboot = { type: 'reboot', payload: {}, connectionRequest: true };

  it('wakes the device once its task is stored, and says how that went', async () => {
    const response = await createTask(DEVICE, reboot);
    expect(response.status).toBe(201);
    expect(response.headers.get('connection-request')).toBe('ok');
    const task = response.body as Task;
    expect(wakeUp.calls).toEqual([
      { deviceId: DEVICE, reason: 'task', tasksStored: expect.arrayContaining([task]) },
    ]);
  });

  it('queues the task all the same when the device cannot be woken', async () => {
    wakeUp.outcomes.set(BUSY, { outcome: 'busy', method: 'http', detail: 'HTTP 503' });
    const response = await createTask(BUSY, reboot);
    expect(response.status).toBe(201);
    expect(response.headers.get('connection-request')).toBe('busy');
    expect((response.body as Task).status).toBe('pending');
  });

  it('does not wake a device for a task without connectionRequest', async () => {
    const response = await createTask(DEVICE, { type: 'reboot', payload: {} });
    expect(response.status).toBe(201);
    expect(response.headers.get('connection-request')).toBeNull();
    expect(wakeUp.calls).toEqual([]);
  });

  it('with ?wait, answers 200 with the task once the session it woke finished it', async () => {
    // The device's session: provisioning runs the task and records it done, a little later.
    wakeUp.afterWake = async () => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      const { tasks } = await nbi.provisioningStores.tasks.list({
        deviceId: DEVICE,
        status: ['pending'],
        limit: 100,
        skip: 0,
      });
      for (const task of tasks)
        await nbi.provisioningStores.tasks.update(task.id, { status: 'done' });
    };
    const response = await createTask(DEVICE, reboot, '?wait=30');
    expect(response.status).toBe(200);
    expect(response.headers.get('connection-request')).toBe('ok');
    expect(response.body).toMatchObject({ deviceId: DEVICE, type: 'reboot', status: 'done' });
  });

  it('with ?wait, answers 202 with the task still pending when the time is up', async () => {
    wakeUp.outcomes.set(BUSY, { outcome: 'timeout', method: 'http' });
    const started = Date.now();
    const response = await createTask(BUSY, reboot, '?wait=1');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(response.status).toBe(202);
    expect(response.headers.get('connection-request')).toBe('timeout');
    const task = response.body as Task;
    expect(task.status).toBe('pending');
    expect(await nbi.provisioningStores.tasks.get(task.id)).toMatchObject({ status: 'pending' });
  });

  it.each(['0', '121', 'soon'])('refuses ?wait=%s naming the field', async (wait) => {
    const response = await createTask(DEVICE, reboot, `?wait=${wait}`);
    expect(response).toMatchObject({ status: 400, body: { field: 'wait' } });
    expect(wakeUp.calls).toEqual([]);
  });

  it('POST connection-request: 200 with the outcome when the device was reached', async () => {
    const ok = await requestConnection(DEVICE);
    expect(ok).toMatchObject({ status: 200, body: { outcome: 'ok', method: 'http' } });
    wakeUp.outcomes.set(DEVICE, { outcome: 'sent', method: 'udp', detail: '3 of 3 copies' });
    const sent = await requestConnection(DEVICE);
    expect(sent).toMatchObject({ status: 200, body: { outcome: 'sent', method: 'udp' } });
    expect(wakeUp.calls.map((call) => call.reason)).toEqual(['api', 'api']);
  });

  it('POST connection-request: 429 with Retry-After when rate-limited', async () => {
    wakeUp.outcomes.set(DEVICE, {
      outcome: 'rate-limited',
      method: null,
      retryAfterMs: 7200,
      limit: 'device',
    });
    const response = await requestConnection(DEVICE);
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('8');
    expect(response.body).toEqual({
      outcome: 'rate-limited',
      method: null,
      retryAfterMs: 7200,
      limit: 'device',
    });
  });

  it.each([
    [{ outcome: 'busy', method: 'http', detail: 'HTTP 503' }],
    [{ outcome: 'unreachable', method: 'http', detail: 'ECONNREFUSED' }],
  ] as const)('POST connection-request: 503 with the outcome %#', async (outcome) => {
    wakeUp.outcomes.set(BUSY, { ...outcome });
    const response = await requestConnection(BUSY);
    expect(response).toMatchObject({ status: 503, body: outcome });
  });

  it('POST connection-request: 422 with the outcome when the device reported no address', async () => {
    // Found by `npm run fuzz:nbi`: this was a 503, a server error for the device's own state.
    const outcome = {
      outcome: 'no-address',
      method: null,
      detail: 'no ConnectionRequestURL or UDP address',
    } as const;
    wakeUp.outcomes.set(BUSY, { ...outcome });
    const response = await requestConnection(BUSY);
    expect(response).toMatchObject({ status: 422, body: outcome });
  });

  it('POST connection-request: 404 for an unknown device, 403 for a read-only key', async () => {
    const unknown = await requestConnection('00D09E-HG8245-NOBODY');
    expect(unknown).toMatchObject({ status: 404, body: { error: 'device-not-found' } });
    const readOnly = await requestConnection(DEVICE, nbi.keys['read-only']);
    expect(readOnly).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    expect(wakeUp.calls).toEqual([]);
  });

  it('audits each connection request and waited task with the status it answered', async () => {
    wakeUp.outcomes.set(BUSY, { outcome: 'rate-limited', method: null, retryAfterMs: 500 });
    await requestConnection(BUSY);
    await createTask(BUSY, reboot, '?wait=1');
    const page = (await nbi.request('GET', '/api/v1/audit-log?limit=4', { key: nbi.keys.admin }))
      .body as { entries: AuditEntry[] };
    const outcomes = page.entries.filter((entry) => entry.phase === 'outcome');
    expect(outcomes.map(({ action, target, status }) => ({ action, target, status }))).toEqual([
      { action: 'task.create', target: `device:${BUSY}`, status: 202 },
      { action: 'device.connection-request', target: `device:${BUSY}`, status: 429 },
    ]);
  });
});

describe('connection requests when the API process sends none', () => {
  let nbi: TestNbi;
  beforeAll(async () => {
    nbi = await startTestNbi();
    await nbi.seed({ deviceId: DEVICE });
  }, 30_000);
  afterAll(() => nbi.close());

  it('stores the flag only, and answers 503 connection-requests-unavailable', async () => {
    const created = await nbi.request('POST', `/api/v1/devices/${DEVICE}/tasks`, {
      key: nbi.keys.operator,
      body: { type: 'reboot', payload: {}, connectionRequest: true },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('connection-request')).toBeNull();
    expect(created.body).toMatchObject({ connectionRequest: true, status: 'pending' });
    const refused = await nbi.request('POST', `/api/v1/devices/${DEVICE}/connection-request`, {
      key: nbi.keys.operator,
    });
    expect(refused).toMatchObject({
      status: 503,
      body: { error: 'connection-requests-unavailable' },
    });
  });
});
