import { spawn, type ChildProcess } from 'child_process';
import { createHash } from 'crypto';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Simulator } from '@acs/cpe-simulator';
import {
  builtApp,
  cardinalityProblems,
  freePort,
  productionEnv,
  scrapeMetrics,
  typescriptToolingIn,
} from '@acs/testing';

const ROOT = join(import.meta.dirname, '..', '..', '..');

interface RunningAcs {
  process: ChildProcess;
  output: () => string;
}

/**
 * Starts the all-in-one app as `npm start` does (its build, plain `node`, no TypeScript loader)
 * and waits for its banner.
 */
async function startAcs(env: Record<string, string>): Promise<RunningAcs> {
  const child = spawn(process.execPath, [builtApp('acs')], {
    cwd: ROOT,
    env: productionEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 60_000;
  while (!output.includes('ACS is running')) {
    if (child.exitCode !== null) throw new Error(`acs exited early:\n${output}`);
    if (Date.now() > deadline) {
      // Not left behind holding the suite's ports.
      child.kill('SIGKILL');
      throw new Error(`acs did not start:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { process: child, output: () => output };
}

/** SIGTERM; Nest re-raises the signal once its shutdown hooks ran, so a clean stop ends by it. */
async function stopAcs(acs: RunningAcs): Promise<{ code: number | null; signal: string | null }> {
  const { exitCode, signalCode } = acs.process;
  if (exitCode !== null || signalCode !== null) return { code: exitCode, signal: signalCode };
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    acs.process.once('exit', (code, signal) => resolve({ code, signal })),
  );
  acs.process.kill('SIGTERM');
  return exited;
}

describe('the all-in-one app (npm start)', () => {
  let dataDir: string;
  let env: Record<string, string>;
  const running: RunningAcs[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'acs-all-in-one-'));
    env = {
      ACS_DATA_DIR: dataDir,
      CWMP_PORT: String(await freePort()),
      CWMP_OPS_PORT: String(await freePort()),
      NBI_PORT: String(await freePort()),
      FIRMWARE_FILE_PORT: String(await freePort()),
      CWMP_HOST: '127.0.0.1',
      NBI_HOST: '127.0.0.1',
    };
  });

  afterAll(async () => {
    for (const acs of running) await stopAcs(acs);
    rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  it('serves simulated CPEs, shows them in the API, and still has them after a restart', async () => {
    const first = await startAcs(env);
    running.push(first);
    const adminKey = /Admin API key \(shown once, store it now\): (\S+)/.exec(first.output())?.[1];
    expect(adminKey).toMatch(/^acs_/);
    expect(typescriptToolingIn(first.process.pid ?? 0)).toEqual([]);

    const simulator = new Simulator({
      acsUrl: `http://127.0.0.1:${env['CWMP_PORT']}/`,
      devices: 20,
      profile: 'tr098',
      periodicEnabled: false,
      connectionRequests: false,
    });
    await simulator.start();
    const deadline = Date.now() + 30_000;
    while (simulator.stats().sessionsOk < 20 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await simulator.stop();
    expect(simulator.stats()).toMatchObject({ sessionsOk: 20, sessionsFailed: 0 });

    const api = `http://127.0.0.1:${env['NBI_PORT']}/api/v1`;
    const headers = { authorization: `Bearer ${adminKey}` };
    const listed = (await (await fetch(`${api}/devices?limit=5`, { headers })).json()) as {
      total: number;
      devices: { deviceId: string; serialNumber: string; dataModelRoot: string }[];
    };
    expect(listed.total).toBe(20);
    expect(listed.devices[0]).toMatchObject({ dataModelRoot: 'InternetGatewayDevice.' });

    // The image library in the same process: an image for the simulated IGDs, its bytes under
    // the data directory, and the choice it makes from what inventory learned of a device.
    const image = (await (
      await fetch(`${api}/firmware/images`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({
          version: '3.5.0',
          fileType: '1 Firmware Upgrade Image',
          rules: { ouis: ['0253AC'], productClasses: ['SimIGD-*'], hardwareVersions: ['HW-2.*'] },
        }),
      })
    ).json()) as { id: string };
    const firmware = Buffer.from('simulated IGD firmware 3.5.0');
    const uploaded = await fetch(`${api}/firmware/images/${image.id}/content`, {
      method: 'PUT',
      headers: { ...headers, 'content-type': 'application/octet-stream' },
      body: firmware,
    });
    expect(uploaded.status).toBe(200);
    const deviceId = encodeURIComponent(listed.devices[0]?.deviceId ?? '');
    expect(
      await (await fetch(`${api}/devices/${deviceId}/firmware`, { headers })).json(),
    ).toMatchObject({
      device: {
        oui: '0253AC',
        productClass: 'SimIGD-098',
        hardwareVersion: 'HW-2.1',
        softwareVersion: '3.4.5',
      },
      outcome: 'install',
      image: { id: image.id },
    });

    expect(await stopAcs(first)).toEqual({ code: null, signal: 'SIGTERM' });
    expect(first.output()).toContain('gateway-stopped');
    expect(first.output()).toContain('inventory stopped');
    const second = await startAcs(env);
    running.push(second);
    // No second admin key: the first one still works.
    expect(second.output()).not.toContain('Admin API key');
    const again = (await (await fetch(`${api}/devices?limit=1`, { headers })).json()) as {
      total: number;
    };
    expect(again.total).toBe(20);
    const kept = await fetch(`${api}/firmware/images/${image.id}`, { headers });
    expect(await kept.json()).toMatchObject({
      content: { sha256: createHash('sha256').update(firmware).digest('hex') },
    });
  }, 120_000);

  it('provisions in the same process: a preset converges new devices, a task runs at once', async () => {
    const acs = running.at(-1)?.process.exitCode === null ? running.at(-1) : undefined;
    const current = acs ?? (await startAcs(env));
    if (!acs) running.push(current);
    const adminKey = /Admin API key \(shown once, store it now\): (\S+)/.exec(
      running[0]?.output() ?? '',
    )?.[1];
    const api = `http://127.0.0.1:${env['NBI_PORT']}/api/v1`;
    const call = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${api}${path}`, {
        method,
        headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const wlan = 'InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.SSID';
    const configuration = await call('POST', '/configurations', {
      name: 'lab wifi',
      parameters: [{ path: wlan, value: 'lab-{{device:serialNumber}}' }],
    });
    expect(configuration.status).toBe(201);
    const preset = await call('POST', '/presets', {
      name: 'lab wifi on every IGD',
      configurationId: configuration.body['id'],
      precedence: 1,
      match: { filter: { productClass: 'SimIGD-098' } },
    });
    expect(preset.status).toBe(201);

    const simulator = new Simulator({
      acsUrl: `http://127.0.0.1:${env['CWMP_PORT']}/`,
      devices: 3,
      firstOrdinal: 100,
      profile: 'tr098',
      periodicEnabled: false,
      connectionRequests: false,
    });
    await simulator.start();
    try {
      const device = simulator.device('SIM000100');
      const deadline = Date.now() + 30_000;
      const converged = () =>
        [...simulator.devices()].every(
          (each) => each.parameter(wlan)?.value === `lab-${each.serial}`,
        );
      while (!converged() && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(converged()).toBe(true);

      const deviceId = encodeURIComponent('0253AC-SimIGD%2D098-SIM000100');
      const task = await call('POST', `/devices/${deviceId}/tasks`, {
        type: 'getParameterValues',
        payload: { parameterNames: [wlan] },
      });
      expect(task.status).toBe(201);
      device.informNow('6 CONNECTION REQUEST');
      let done: Record<string, unknown> = {};
      while (done['status'] !== 'done' && Date.now() < deadline) {
        done = (await call('GET', `/tasks/${String(task.body['id'])}`)).body;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(done['result']).toEqual({
        values: [{ name: wlan, type: 'string', value: 'lab-SIM000100' }],
      });
    } finally {
      await simulator.stop();
    }
  }, 120_000);

  it('serves the metrics of every module, health and readiness on one ops port', async () => {
    const acs = running.at(-1)?.process.exitCode === null ? running.at(-1) : undefined;
    if (!acs) running.push(await startAcs(env));
    const ops = `http://127.0.0.1:${env['CWMP_OPS_PORT']}`;
    const api = `http://127.0.0.1:${env['NBI_PORT']}/api/v1`;
    expect((await fetch(`${api}/devices`)).status).toBe(401);

    const families = await scrapeMetrics(ops);
    const expected = [
      'acs_gateway_sessions_opened_total',
      'acs_gateway_rpcs_total',
      'acs_inventory_events_handled_total',
      'acs_inventory_handler_duration_seconds',
      'acs_inventory_store_operation_duration_seconds',
      'acs_provisioning_events_handled_total',
      'acs_provisioning_decisions_total',
      'acs_provisioning_task_outcomes_total',
      'acs_provisioning_store_operation_duration_seconds',
      'acs_nbi_http_requests_total',
      'acs_nbi_auth_failures_total',
      'acs_nbi_store_operation_duration_seconds',
      'nodejs_eventloop_lag_seconds',
      'nodejs_heap_size_used_bytes',
      'nodejs_gc_duration_seconds',
    ];
    expect(expected.filter((name) => !families.get(name)?.samples.length)).toEqual([]);
    // Four registries in one process: each family once, the process metrics included.
    expect([...families.values()].filter((family) => family.helpLines !== 1)).toEqual([]);
    const problems = cardinalityProblems(families, {
      prefix: 'acs_',
      maxValues: 30,
      forbidden: [/SIM\d{6}/, /0253AC-/, /\b\d{1,3}(\.\d{1,3}){3}\b/],
    });
    expect(problems).toEqual([]);

    expect((await fetch(`${ops}/healthz`)).status).toBe(200);
    const ready = await fetch(`${ops}/readyz`);
    expect({ status: ready.status, body: await ready.json() }).toEqual({
      status: 200,
      body: { ready: true, checks: { store: true, accepting: true } },
    });
  }, 60_000);
});
