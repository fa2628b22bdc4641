import { deviceIdOf } from '@acs/contracts';
import { cardinalityProblems, scrapeMetrics, type ScrapedFamily } from '@acs/testing';
import { useProvisioningStack } from '../test-support/provisioning-stack';

const FLEET = 1_000;
const SERIAL = 'OBS%05d';
const serialOf = (ordinal: number) => `OBS${String(ordinal).padStart(5, '0')}`;
const deviceOf = (ordinal: number) =>
  deviceIdOf({ oui: '0253AC', productClass: 'SimGateway-181', serialNumber: serialOf(ordinal) });

/** What each service must expose, beyond prom-client's process metrics. */
const REQUIRED = {
  gateway: [
    'acs_gateway_sessions_opened_total',
    'acs_gateway_rpcs_total',
    'acs_gateway_session_duration_seconds',
    'acs_gateway_kafka_publish_seconds',
    'acs_gateway_redis_seconds',
    'acs_gateway_http_responses_total',
    'acs_gateway_informs_total',
  ],
  inventory: [
    'acs_inventory_events_handled_total',
    'acs_inventory_handler_duration_seconds',
    'acs_inventory_kafka_consumer_lag_messages',
    'acs_inventory_store_operation_duration_seconds',
    'acs_inventory_devices',
  ],
  provisioning: [
    'acs_provisioning_events_handled_total',
    'acs_provisioning_handler_duration_seconds',
    'acs_provisioning_kafka_consumer_lag_messages',
    'acs_provisioning_store_operation_duration_seconds',
    'acs_provisioning_decisions_total',
    'acs_provisioning_task_outcomes_total',
    'acs_provisioning_connection_requests_total',
    'acs_nbi_http_requests_total',
    'acs_nbi_http_request_duration_seconds',
    'acs_nbi_auth_failures_total',
    'acs_nbi_store_operation_duration_seconds',
  ],
};
const PROCESS_FAMILIES = [
  'acs_readiness_check_up',
  'process_cpu_seconds_total',
  'nodejs_heap_size_used_bytes',
  'nodejs_eventloop_lag_seconds',
  'nodejs_gc_duration_seconds',
];

/** Label values that would make a family's series grow with the fleet. */
const FORBIDDEN = [
  /OBS\d{5}/, // a serial number
  /0253AC-/, // a device id
  /\b\d{1,3}(\.\d{1,3}){3}\b/, // an IPv4 address
  /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}/i, // a UUID (task, session, event ids)
];

const sampled = (families: Map<string, ScrapedFamily>, name: string) =>
  families.get(name)?.samples.length ?? 0;
const sum = (family: ScrapedFamily | undefined, labels: Record<string, string> = {}) =>
  (family?.samples ?? [])
    .filter((s) => Object.entries(labels).every(([label, value]) => s.labels[label] === value))
    .reduce((total, s) => total + s.value, 0);

describe('metrics, health and readiness of the scaled services', () => {
  const stack = useProvisioningStack({ env: { PROVISIONING_RETRY_DELAY_MS: '200' } });

  it(`exposes each service's families, with bounded labels, under a ${FLEET}-device load`, async () => {
    const { api, apiUrl, opsUrls } = stack();
    const simulator = await stack().simulate({ devices: FLEET, serialPattern: SERIAL });
    // A device whose session failed (a timeout on a busy machine) retries until it got through.
    await api.until(
      async () => simulator.stats(),
      (stats) => stats.sessionsOk >= FLEET,
      150_000,
    );

    // Some work and some faults: tasks on a few devices, a parameter no CPE has, a wake-up.
    const worked = Array.from({ length: 12 }, (_, index) => index + 1);
    for (const ordinal of worked) {
      await api.deviceKnown(deviceOf(ordinal), 30_000);
      const parameter = ordinal % 3 === 0 ? 'Device.NoSuchThing.' : 'Device.DeviceInfo.';
      await api.expect(201, 'POST', `/devices/${encodeURIComponent(deviceOf(ordinal))}/tasks`, {
        type: 'getParameterValues',
        payload: { parameterNames: [parameter] },
        ...(ordinal === 1 ? { connectionRequest: true } : {}),
      });
      simulator.device(serialOf(ordinal)).informNow('6 CONNECTION REQUEST');
    }
    // An operator without a key: every family of the API has a sample.
    expect((await fetch(`${apiUrl}/devices`)).status).toBe(401);

    const provisioning = await api.until(
      () => scrapeMetrics(opsUrls.provisioning),
      (families) => sum(families.get('acs_provisioning_task_outcomes_total')) >= worked.length,
      30_000,
    );
    const byService = {
      gateway: await scrapeMetrics(opsUrls.gateway),
      // Inventory writes in batches of its own pace: wait until it stored every first session.
      inventory: await api.until(
        () => scrapeMetrics(opsUrls.inventory),
        (families) =>
          sum(families.get('acs_inventory_events_handled_total'), {
            type: 'SessionOpened',
            outcome: 'ok',
          }) >= FLEET,
        30_000,
      ),
      provisioning,
    };
    for (const [service, families] of Object.entries(byService)) {
      const required = REQUIRED[service as keyof typeof REQUIRED];
      const missing = [...required, ...PROCESS_FAMILIES].filter((name) => !sampled(families, name));
      expect({ service, missing }).toEqual({ service, missing: [] });
      const repeated = [...families.values()].filter((family) => family.helpLines > 1);
      expect({ service, repeated: repeated.map((f) => f.name) }).toEqual({ service, repeated: [] });
      const problems = cardinalityProblems(families, {
        prefix: 'acs_',
        maxValues: 30,
        forbidden: FORBIDDEN,
      });
      expect({ service, problems }).toEqual({ service, problems: [] });
    }
    const outcomes = provisioning.get('acs_provisioning_task_outcomes_total');
    expect(sum(outcomes, { task_type: 'getParameterValues', outcome: 'completed' })).toBe(8);
    expect(
      sum(outcomes, { task_type: 'getParameterValues', outcome: 'failed' }) +
        sum(outcomes, { task_type: 'getParameterValues', outcome: 'retrying' }),
    ).toBeGreaterThanOrEqual(4);
    expect(sum(provisioning.get('acs_provisioning_connection_requests_total'))).toBeGreaterThan(0);
    expect(
      sum(provisioning.get('acs_provisioning_decisions_total'), { decision: 'end' }),
    ).toBeGreaterThanOrEqual(FLEET);
    expect(
      sum(byService.inventory.get('acs_inventory_events_handled_total'), {
        type: 'SessionOpened',
        outcome: 'ok',
      }),
    ).toBeGreaterThanOrEqual(FLEET);
    const routes = new Set(
      provisioning.get('acs_nbi_http_requests_total')?.samples.map((s) => s.labels['route']),
    );
    expect(routes).toContain('/api/v1/devices/:deviceId/tasks');
  }, 240_000);

  it('counts refused API keys by reason', async () => {
    const { opsUrls, apiUrl: base } = stack();
    expect((await fetch(`${base}/devices`)).status).toBe(401);
    expect(
      (await fetch(`${base}/devices`, { headers: { authorization: 'Bearer acs_wrong' } })).status,
    ).toBe(401);
    const failures = (await scrapeMetrics(opsUrls.provisioning)).get('acs_nbi_auth_failures_total');
    expect(sum(failures, { reason: 'missing-key' })).toBeGreaterThanOrEqual(1);
    expect(sum(failures, { reason: 'unknown-key' })).toBeGreaterThanOrEqual(1);
  });

  it('is alive and ready while its dependencies are, and names the one that goes away', async () => {
    const { opsUrls, redis } = stack();
    for (const url of Object.values(opsUrls)) {
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      const ready = await fetch(`${url}/readyz`);
      expect({ url, status: ready.status, body: await ready.json() }).toMatchObject({
        status: 200,
        body: { ready: true },
      });
    }
    const provisioningChecks = (await (await fetch(`${opsUrls.provisioning}/readyz`)).json()) as {
      checks: Record<string, boolean>;
    };
    expect(provisioningChecks.checks).toEqual({ kafka: true, redis: true, mongodb: true });

    await redis.stop();
    const deadline = Date.now() + 10_000;
    let answer: { status: number; body: { failed?: string[] } } = { status: 0, body: {} };
    while (answer.status !== 503 && Date.now() < deadline) {
      const response = await fetch(`${opsUrls.provisioning}/readyz`);
      answer = { status: response.status, body: (await response.json()) as { failed?: string[] } };
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(answer).toEqual({ status: 503, body: expect.objectContaining({ failed: ['redis'] }) });
    expect((await fetch(`${opsUrls.provisioning}/healthz`)).status).toBe(200);
  }, 30_000);
});
