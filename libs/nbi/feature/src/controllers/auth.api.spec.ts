import type { ApiKeyRole } from '@acs/nbi-data-access';
import { EndpointDef } from '../http/endpoint';
import { ROUTES } from '../http/routes';
import { startTestNbi, TestNbi } from '../test-support/nbi-test-app';

const SAMPLE_PARAMS: Record<string, string> = {
  deviceId: '00D09E-HG8245-AUTH1',
  tag: 'lab',
  taskId: 'no-such-task',
  faultId: 'no-such-fault',
  keyId: 'no-such-key',
  configurationId: 'no-such-configuration',
  presetId: 'no-such-preset',
  subscriberId: 'no-such-subscriber',
  imageId: 'no-such-image',
};

/** Every route with its path filled in, so each is exercised over HTTP. */
const routes = (Object.values(ROUTES) as EndpointDef[]).map((def) => ({
  def,
  name: `${def.method} ${def.path}`,
  url:
    '/api/v1' + def.path.replace(/:([A-Za-z]+)/g, (_, name: string) => SAMPLE_PARAMS[name] ?? name),
}));

const ROLES: ApiKeyRole[] = ['read-only', 'operator', 'admin'];
const RANK: Record<ApiKeyRole, number> = { 'read-only': 0, operator: 1, admin: 2 };

describe('authentication and roles on every route', () => {
  let nbi: TestNbi;
  beforeAll(async () => {
    nbi = await startTestNbi({ provisioning: true, firmware: { maxImageBytes: 1024 } });
    await nbi.seed({ deviceId: SAMPLE_PARAMS['deviceId'] ?? '' });
  }, 30_000);
  afterAll(() => nbi.close());

  it.each(routes)(
    '$name: 401 without a key, with a wrong key, with a malformed header',
    async ({ def, url }) => {
      const missing = await nbi.request(def.method, url);
      expect(missing.status).toBe(401);
      expect(missing.body).toMatchObject({ error: 'unauthenticated' });
      expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer/);
      const wrong = await nbi.request(def.method, url, { key: 'acs_not-a-real-key' });
      expect(wrong.status).toBe(401);
      const basic = await nbi.request(def.method, url, {
        headers: { authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` },
      });
      expect(basic.status).toBe(401);
    },
  );

  it.each(routes)(
    '$name: 403 below its role, never 401/403 at or above it',
    async ({ def, url }) => {
      for (const role of ROLES) {
        const response = await nbi.request(def.method, url, { key: nbi.keys[role] });
        if (RANK[role] < RANK[def.role]) {
          expect(response.status).toBe(403);
          expect(response.body).toMatchObject({ error: 'forbidden' });
        } else {
          expect([401, 403]).not.toContain(response.status);
        }
      }
    },
  );

  it('takes the key from X-API-Key as well as from Authorization: Bearer', async () => {
    const viaHeader = await nbi.request('GET', '/api/v1/tasks', {
      headers: { 'x-api-key': nbi.keys['read-only'] },
    });
    expect(viaHeader.status).toBe(200);
    const viaBearer = await nbi.request('GET', '/api/v1/tasks', { key: nbi.keys['read-only'] });
    expect(viaBearer.status).toBe(200);
  });

  it('refuses on role before looking at the input', async () => {
    const response = await nbi.request(
      'POST',
      `/api/v1/devices/${SAMPLE_PARAMS['deviceId']}/tasks`,
      {
        key: nbi.keys['read-only'],
        body: { type: 'not-a-task' },
      },
    );
    expect(response.status).toBe(403);
  });

  it('audits refused writes: who (nobody, or the key), what, and the status', async () => {
    // The role sweep above let an operator delete it.
    await nbi.seed({ deviceId: SAMPLE_PARAMS['deviceId'] ?? '' });
    const deviceUrl = `/api/v1/devices/${SAMPLE_PARAMS['deviceId']}`;
    await nbi.request('DELETE', deviceUrl);
    await nbi.request('DELETE', deviceUrl, { key: 'acs_stolen-guess' });
    await nbi.request('DELETE', deviceUrl, { key: nbi.keys['read-only'] });
    const entries = (await nbi.nbiStores.auditLog.list({ limit: 3 })).entries.reverse();
    expect(
      entries.map((entry) => [entry.action, entry.target, entry.who, entry.status, entry.error]),
    ).toEqual([
      [
        'device.delete',
        `device:${SAMPLE_PARAMS['deviceId']}`,
        { keyId: null, keyName: null },
        401,
        'unauthenticated',
      ],
      [
        'device.delete',
        `device:${SAMPLE_PARAMS['deviceId']}`,
        { keyId: null, keyName: null },
        401,
        'unauthenticated',
      ],
      [
        'device.delete',
        `device:${SAMPLE_PARAMS['deviceId']}`,
        { keyId: nbi.keyIds['read-only'], keyName: 'test-read-only' },
        403,
        'forbidden',
      ],
    ]);
    // The device is still there.
    expect(await nbi.devices.get(SAMPLE_PARAMS['deviceId'] ?? '')).not.toBeNull();
  });

  it('audits every write route, and of the reads only the reveal of a secret', async () => {
    const before = (await nbi.nbiStores.auditLog.list({ limit: 1 })).total;
    for (const { def, url } of routes) await nbi.request(def.method, url);
    const after = await nbi.nbiStores.auditLog.list({ limit: 100 });
    const audited = routes.filter(({ def }) => def.method !== 'GET' || def.audit !== undefined);
    expect(
      audited.filter(({ def }) => def.method === 'GET').map(({ def }) => def.audit?.action),
    ).toEqual(['device.secret.reveal']);
    expect(after.total - before).toBe(audited.length);
    expect(
      after.entries
        .slice(0, audited.length)
        .map((entry) => entry.action)
        .sort(),
    ).toEqual(audited.map(({ def }) => def.audit?.action).sort());
  });
});
