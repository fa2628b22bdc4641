import type { DeviceQuery, DeviceReads } from '@acs/device-store';
import { NbiMetrics } from '../metrics/nbi-metrics';
import { startTestNbi, type ApiResponse, type TestNbi } from '../test-support/nbi-test-app';

/** Budgets that do not refill within a test: the counts below hold however slow the machine. */
const TRICKLE = 0.001;

async function limitedCount(metrics: NbiMetrics, limit: string): Promise<number> {
  const { values } = await metrics.limited.get();
  return values.find((value) => value.labels['limit'] === limit)?.value ?? 0;
}

function expectRefusal(response: ApiResponse, status: number, error: string): number {
  expect(response.status).toBe(status);
  expect(response.body).toEqual({ error, message: expect.any(String) });
  const retryAfter = Number(response.headers.get('retry-after'));
  expect(Number.isInteger(retryAfter) && retryAfter >= 1).toBe(true);
  return retryAfter;
}

describe('request budgets per API key and per source address', () => {
  describe('per key', () => {
    const metrics = new NbiMetrics();
    let nbi: TestNbi;
    beforeAll(async () => {
      nbi = await startTestNbi({ limits: { perKey: { perSecond: TRICKLE, burst: 3 } }, metrics });
    }, 30_000);
    afterAll(() => nbi.close());

    it('answers 429 rate-limited with Retry-After once a key has spent its burst, other keys unaffected', async () => {
      const list = (key: string) => nbi.request('GET', '/api/v1/devices', { key });
      for (let i = 0; i < 3; i += 1) expect((await list(nbi.keys['read-only'])).status).toBe(200);
      const refused = await list(nbi.keys['read-only']);
      expect(expectRefusal(refused, 429, 'rate-limited')).toBeGreaterThan(60);
      expect((refused.body as { message: string }).message).toMatch(/API key test-read-only/);
      expect((await list(nbi.keys.operator)).status).toBe(200);
      expect(await limitedCount(metrics, 'api-key')).toBe(1);
    });

    it('refuses writes over budget too, without an audit entry for each refusal', async () => {
      const tag = () =>
        nbi.request('PUT', '/api/v1/devices/00D09E-HG8245-LIMIT1/tags/x', {
          key: nbi.keys.admin,
        });
      for (let i = 0; i < 3; i += 1) expect((await tag()).status).not.toBe(429);
      expectRefusal(await tag(), 429, 'rate-limited');
      // One outcome per admitted write (each also has its intent), none for the refusal.
      const outcomes = await nbi.auditOutcomes(100);
      expect(outcomes.filter((entry) => entry.action === 'tag.add')).toHaveLength(3);
    });
  });

  describe('per source address', () => {
    const metrics = new NbiMetrics();
    let nbi: TestNbi;
    beforeAll(async () => {
      nbi = await startTestNbi({
        limits: { perAddress: { perSecond: TRICKLE, burst: 4 }, trustedProxyHops: 0 },
        metrics,
      });
    }, 30_000);
    afterAll(() => nbi.close());

    it('counts every request from the address, signed in or not, whatever X-Forwarded-For claims', async () => {
      const spoofed = (n: number) => ({ 'x-forwarded-for': `198.51.100.${n}` });
      expect((await nbi.request('GET', '/api/v1/devices', { headers: spoofed(1) })).status).toBe(
        401,
      );
      expect((await nbi.request('GET', '/api/v1/devices', { key: 'acs_guess' })).status).toBe(401);
      for (const role of ['read-only', 'operator'] as const) {
        const answer = await nbi.request('GET', '/api/v1/devices', {
          key: nbi.keys[role],
          headers: spoofed(2),
        });
        expect(answer.status).toBe(200);
      }
      const refused = await nbi.request('GET', '/api/v1/devices', {
        key: nbi.keys.admin,
        headers: spoofed(3),
      });
      expect((refused.body as { message: string }).message).toMatch(/from 127\.0\.0\.1/);
      expectRefusal(refused, 429, 'rate-limited');
      // Refused before authentication: a guessed key is not even looked up.
      expectRefusal(await nbi.request('GET', '/api/v1/devices'), 429, 'rate-limited');
      expect(await limitedCount(metrics, 'source-address')).toBe(2);
    });
  });

  it('behind a trusted proxy, budgets the address the proxy saw', async () => {
    const nbi = await startTestNbi({
      limits: { perAddress: { perSecond: TRICKLE, burst: 1 }, trustedProxyHops: 1 },
    });
    try {
      const from = (client: string) =>
        nbi.request('GET', '/api/v1/devices', {
          key: nbi.keys['read-only'],
          // What the client wrote, then what the proxy appended.
          headers: { 'x-forwarded-for': `10.9.9.9, ${client}` },
        });
      expect((await from('203.0.113.1')).status).toBe(200);
      expect((await from('203.0.113.2')).status).toBe(200);
      const refused = await from('203.0.113.1');
      expectRefusal(refused, 429, 'rate-limited');
      expect((refused.body as { message: string }).message).toMatch(/from 203\.0\.113\.1;/);
    } finally {
      await nbi.close();
    }
  }, 30_000);
});

/** Device reads whose find() waits for the test's go, counting the queries that reached it. */
function heldFinds() {
  let release: () => void = () => undefined;
  const go = new Promise<void>((resolve) => (release = resolve));
  const arrivals: (() => void)[] = [];
  let reached = 0;
  const wrap = (devices: DeviceReads): DeviceReads =>
    new Proxy(devices, {
      get(target, property) {
        if (property === 'find') {
          return async (query: DeviceQuery) => {
            reached += 1;
            arrivals.splice(0).forEach((arrived) => arrived());
            await go;
            return target.find(query);
          };
        }
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  const untilReached = async (count: number) => {
    while (reached < count) await new Promise<void>((resolve) => arrivals.push(resolve));
  };
  return { wrap, release: () => release(), untilReached };
}

describe('a bounded number of queries that scan the fleet', () => {
  it('refuses one more with 503 too-many-queries and Retry-After, serves other routes, and frees the slots', async () => {
    const held = heldFinds();
    const metrics = new NbiMetrics();
    const nbi = await startTestNbi({
      limits: { expensiveQueries: { max: 2, retryAfterSeconds: 7 } },
      wrapDevices: held.wrap,
      metrics,
    });
    try {
      const key = nbi.keys['read-only'];
      const search = () =>
        nbi.request('GET', `/api/v1/devices?filter=${encodeURIComponent('{"tags":"a"}')}`, {
          key,
        });
      const running = [search(), search()];
      await held.untilReached(2);
      const refused = await search();
      expect(expectRefusal(refused, 503, 'too-many-queries')).toBe(7);
      expect((refused.body as { message: string }).message).toMatch(
        /listDevices scans the fleet and 2 such queries are running/,
      );
      // Routes that scan nothing are not held up.
      expect((await nbi.request('GET', '/api/v1/tasks', { key })).status).toBe(200);
      held.release();
      expect((await Promise.all(running)).map((answer) => answer.status)).toEqual([200, 200]);
      // A query that fails gives its slot back as well.
      for (let i = 0; i < 3; i += 1) {
        const bad = await nbi.request('GET', '/api/v1/devices?filter=%7B%22%24where%22%3A1%7D', {
          key,
        });
        expect(bad.status).toBe(400);
      }
      expect((await search()).status).toBe(200);
      expect(await limitedCount(metrics, 'expensive-queries')).toBe(1);
    } finally {
      held.release();
      await nbi.close();
    }
  }, 30_000);
});
