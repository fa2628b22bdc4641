import type { DiagnosticRun } from '@acs/contracts';
import { startTestNbi, TestNbi } from '../test-support/nbi-test-app';

const DEVICE = '00D09E-HG8245-DIAG1';
const BARE = '00D09E-HG8245-DIAG2';

describe('diagnostics API', () => {
  let nbi: TestNbi;
  beforeAll(async () => {
    nbi = await startTestNbi();
    await nbi.seed({ deviceId: DEVICE }, { deviceId: BARE });
    // The first device has IPPing and TraceRoute, and says it cannot trace IPv4 or IPv6 routes.
    const leaf = (path: string, value: string | boolean) => ({ path, object: false, value });
    await nbi.devices.applyBatch([
      {
        eventId: 'diagnostics-tree',
        deviceId: DEVICE,
        occurredAt: new Date().toISOString(),
        setParameters: [
          leaf('Device.IP.Diagnostics.IPv4PingSupported', true),
          leaf('Device.IP.Diagnostics.IPPing.DiagnosticsState', 'None'),
          leaf('Device.IP.Diagnostics.IPv4TraceRouteSupported', false),
          leaf('Device.IP.Diagnostics.IPv6TraceRouteSupported', false),
          leaf('Device.IP.Diagnostics.TraceRoute.DiagnosticsState', 'None'),
        ],
      },
    ]);
  }, 30_000);
  afterAll(() => nbi.close());

  const run = (deviceId: string, type: string, body: unknown, key = nbi.keys.operator) =>
    nbi.request('POST', `/api/v1/devices/${deviceId}/diagnostics/${type}`, { key, body });

  it('queues a run, lists it, shows it, and cancels it while queued', async () => {
    const created = await run(DEVICE, 'ipPing', {
      inputs: { host: 'example.net', numberOfRepetitions: 4, protocolVersion: 'IPv4' },
    });
    expect(created.status).toBe(201);
    const queued = created.body as DiagnosticRun;
    expect(queued).toMatchObject({
      deviceId: DEVICE,
      diagnostic: 'ipPing',
      state: 'queued',
      inputs: { host: 'example.net', numberOfRepetitions: 4 },
    });
    const stored = await nbi.provisioningStores.tasks.get(queued.runId);
    expect(stored).toMatchObject({
      type: 'diagnostic',
      payload: { diagnostic: 'ipPing', dataModel: 'Device.' },
    });

    const path = `/api/v1/devices/${DEVICE}/diagnostics`;
    const listed = await nbi.request('GET', path, { key: nbi.keys['read-only'] });
    expect(listed.body).toEqual({ runs: [queued] });
    const shown = await nbi.request('GET', `${path}/${queued.runId}`, {
      key: nbi.keys['read-only'],
    });
    expect(shown.body).toEqual(queued);

    const cancelled = await nbi.request('DELETE', `${path}/${queued.runId}`, {
      key: nbi.keys.operator,
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ state: 'canceled' });
    const [audit] = await nbi.auditOutcomes(1);
    expect(audit).toMatchObject({ action: 'diagnostic.cancel' });
  });

  it('cancels a run the device is running with DiagnosticsState=Canceled at its next session', async () => {
    const { runId } = (await run(DEVICE, 'ipPing', { inputs: { host: 'example.net' } }))
      .body as DiagnosticRun;
    const tasks = nbi.provisioningStores.tasks;
    // As provisioning leaves it once the device took the request.
    await tasks.update(runId, { status: 'running', countAttempt: true });
    await tasks.update(runId, { status: 'running', result: { status: 1, phase: 'requested' } });
    const path = `/api/v1/devices/${DEVICE}/diagnostics/${runId}`;
    expect((await nbi.request('GET', path, { key: nbi.keys.operator })).body).toMatchObject({
      state: 'running',
    });
    const cancelled = await nbi.request('DELETE', path, { key: nbi.keys.operator });
    expect(cancelled.body).toMatchObject({ state: 'canceled' });
    const { tasks: queued } = await tasks.list({
      deviceId: DEVICE,
      status: ['pending'],
      limit: 10,
    });
    expect(queued).toMatchObject([
      {
        type: 'setParameterValues',
        payload: {
          values: [{ name: 'Device.IP.Diagnostics.IPPing.DiagnosticsState', value: 'Canceled' }],
        },
      },
    ]);
    // Cancelling again answers the run as it ended, and queues nothing more.
    expect((await nbi.request('DELETE', path, { key: nbi.keys.operator })).body).toMatchObject({
      state: 'canceled',
    });
    expect((await tasks.list({ deviceId: DEVICE, status: ['pending'], limit: 10 })).total).toBe(1);
  });

  it('answers 400 naming each input the schema refuses', async () => {
    const response = await run(DEVICE, 'ipPing', { inputs: { host: 'bad host!', dscp: 64 } });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: 'validation-failed' });
    const { message } = response.body as { message: string };
    expect(message).toMatch(/\/inputs\/host/);
    expect(message).toMatch(/\/inputs\/dscp/);
  });

  it('answers 422 diagnostic-unsupported when the device lacks it or says it cannot', async () => {
    for (const [deviceId, type] of [
      [BARE, 'ipPing'],
      [DEVICE, 'traceRoute'],
      [DEVICE, 'download'],
    ] as const) {
      const response = await run(deviceId, type, {
        inputs: type === 'download' ? { url: 'http://speed.example/10MB' } : { host: 'x.example' },
      });
      expect({ deviceId, type, status: response.status, body: response.body }).toMatchObject({
        status: 422,
        body: { error: 'diagnostic-unsupported' },
      });
    }
  });

  it('answers 404 for an unknown device or run, and 403 to a read-only key', async () => {
    const unknown = await run('00D09E-HG8245-NONE', 'ipPing', { inputs: { host: 'x.example' } });
    expect(unknown.status).toBe(404);
    const noRun = await nbi.request('GET', `/api/v1/devices/${DEVICE}/diagnostics/nope`, {
      key: nbi.keys['read-only'],
    });
    expect(noRun.status).toBe(404);
    const readOnly = await run(
      DEVICE,
      'ipPing',
      { inputs: { host: 'x.example' } },
      nbi.keys['read-only'],
    );
    expect(readOnly.status).toBe(403);
  });
});
