import { Redis } from 'ioredis';
import { Counter, Registry } from 'prom-client';
import { parseExposition, startRedisServer, type RedisServer } from '@acs/testing';
import { OpsServer } from './ops-server';
import { processMetricsRegistry } from './process-metrics';
import { readinessOf } from './readiness';

describe('OpsServer', () => {
  let redisServer: RedisServer;
  let redis: Redis;
  let ops: OpsServer;
  let url: string;
  let probes = 0;
  let hangNext = true;

  beforeAll(async () => {
    redisServer = await startRedisServer();
    redis = new Redis(redisServer.url, { maxRetriesPerRequest: 0, enableOfflineQueue: false });
    // Without an offline queue a PING before the connection is up fails at once: the probes
    // under test must meet a connected client, however slowly a busy machine connects.
    await new Promise<void>((resolve, reject) => {
      redis.once('ready', () => resolve());
      redis.once('error', reject);
    });
    const module = new Registry();
    new Counter({ name: 'acs_test_things_total', help: 'things', registers: [module] }).inc(3);
    ops = new OpsServer(
      { port: 0, host: '127.0.0.1' },
      [module, processMetricsRegistry()],
      readinessOf(
        {
          redis: async () => {
            probes++;
            return redis.ping();
          },
          // Hangs the first time it is asked, answers afterwards.
          never: () => {
            if (!hangNext) return Promise.resolve();
            hangNext = false;
            return new Promise(() => undefined);
          },
        },
        // Long enough for a PING on a loaded machine, short enough for the hung probe's test.
        { timeoutMs: 1_000, cacheMs: 500 },
      ),
    );
    url = `http://127.0.0.1:${await ops.listen()}`;
  });

  afterAll(async () => {
    await ops.close();
    redis.disconnect();
    await redisServer.stop();
  });

  it('is alive, and ready only once every probe answered in time; a hung one times out', async () => {
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    // The first round: `never` hangs and is cut at the timeout.
    const first = await fetch(`${url}/readyz`);
    expect({ status: first.status, body: await first.json() }).toEqual({
      status: 503,
      body: { ready: false, checks: { redis: true, never: false }, failed: ['never'] },
    });
    await new Promise((resolve) => setTimeout(resolve, 600));
    const second = await fetch(`${url}/readyz`);
    expect({ status: second.status, body: await second.json() }).toEqual({
      status: 200,
      body: { ready: true, checks: { redis: true, never: true } },
    });
  });

  it('serves every registry as one exposition, each family once, the checks among them', async () => {
    const response = await fetch(`${url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const families = parseExposition(await response.text());
    expect(families.get('acs_test_things_total')?.samples).toEqual([
      { name: 'acs_test_things_total', labels: {}, value: 3 },
    ]);
    expect(families.get('nodejs_eventloop_lag_seconds')?.samples.length).toBe(1);
    expect([...families.values()].filter((family) => family.helpLines !== 1)).toEqual([]);
    // Each readiness check as a gauge, probed by the scrape itself.
    expect(families.get('acs_readiness_check_up')?.samples).toEqual([
      { name: 'acs_readiness_check_up', labels: { check: 'redis' }, value: 1 },
      { name: 'acs_readiness_check_up', labels: { check: 'never' }, value: 1 },
    ]);
  });

  it('asks each dependency once per cache period, however many probes come', async () => {
    await new Promise((resolve) => setTimeout(resolve, 600));
    const before = probes;
    const started = Date.now();
    await Promise.all(Array.from({ length: 50 }, () => fetch(`${url}/readyz`)));
    // A loaded machine may take longer than one cache period (500 ms) for the 50 requests: at
    // most one dependency check per period begun, not one per request.
    const periods = Math.ceil((Date.now() - started) / 500);
    expect(probes - before).toBeGreaterThanOrEqual(1);
    expect(probes - before).toBeLessThanOrEqual(periods);
    expect(periods).toBeLessThan(50);
  });

  it('answers 503 naming Redis once Redis is gone, and stays alive', async () => {
    await redisServer.stop();
    await new Promise((resolve) => setTimeout(resolve, 600));
    const response = await fetch(`${url}/readyz`);
    expect({ status: response.status, body: await response.json() }).toEqual({
      status: 503,
      body: { ready: false, checks: { redis: false, never: true }, failed: ['redis'] },
    });
    await new Promise((resolve) => setTimeout(resolve, 600));
    const checks = parseExposition(await (await fetch(`${url}/metrics`)).text());
    expect(checks.get('acs_readiness_check_up')?.samples.map((s) => [s.labels, s.value])).toEqual([
      [{ check: 'redis' }, 0],
      [{ check: 'never' }, 1],
    ]);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  });
});
