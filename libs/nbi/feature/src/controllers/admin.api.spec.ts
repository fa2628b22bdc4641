import type { AuditEntry } from '@acs/nbi-data-access';
import { startTestNbi, TestNbi } from '../test-support/nbi-test-app';

interface CreatedKey {
  id: string;
  name: string;
  role: string;
  createdAt: string;
  key: string;
}

describe('admin API: API keys and the audit log', () => {
  let nbi: TestNbi;
  beforeAll(async () => {
    nbi = await startTestNbi();
    await nbi.seed({ deviceId: '00D09E-HG8245-ADM1' });
  }, 30_000);
  afterAll(() => nbi.close());

  it('creates a key whose secret is shown once and works at its role', async () => {
    const created = await nbi.request('POST', '/api/v1/api-keys', {
      key: nbi.keys.admin,
      body: { name: 'noc-dashboard', role: 'read-only' },
    });
    expect(created.status).toBe(201);
    const key = created.body as CreatedKey;
    expect(key).toMatchObject({
      name: 'noc-dashboard',
      role: 'read-only',
      key: expect.stringMatching(/^acs_/),
    });

    const reads = await nbi.request('GET', '/api/v1/devices', { key: key.key });
    expect(reads.status).toBe(200);
    const writes = await nbi.request('DELETE', '/api/v1/devices/00D09E-HG8245-ADM1', {
      key: key.key,
    });
    expect(writes.status).toBe(403);

    const listed = await nbi.request('GET', '/api/v1/api-keys', { key: nbi.keys.admin });
    expect(listed.status).toBe(200);
    const { apiKeys } = listed.body as { apiKeys: Omit<CreatedKey, 'key'>[] };
    expect(apiKeys.map((apiKey) => apiKey.name)).toEqual([
      'test-read-only',
      'test-operator',
      'test-admin',
      'noc-dashboard',
    ]);
    expect(JSON.stringify(listed.body)).not.toContain(key.key);
    // The audit entry of the creation does not hold the secret either (it is only in the answer).
    const [entry] = (await nbi.auditOutcomes(10)).filter((e) => e.action === 'api-key.create');
    expect(entry).toMatchObject({
      status: 201,
      request: { body: { name: 'noc-dashboard', role: 'read-only' } },
    });
  });

  it('revokes a key, which stops working at once', async () => {
    const key = (
      await nbi.request('POST', '/api/v1/api-keys', {
        key: nbi.keys.admin,
        body: { name: 'temporary', role: 'operator' },
      })
    ).body as CreatedKey;
    expect((await nbi.request('GET', '/api/v1/tasks', { key: key.key })).status).toBe(200);
    const revoked = await nbi.request('DELETE', `/api/v1/api-keys/${key.id}`, {
      key: nbi.keys.admin,
    });
    expect(revoked.status).toBe(204);
    const refused = await nbi.request('GET', '/api/v1/tasks', { key: key.key });
    expect(refused).toMatchObject({ status: 401, body: { error: 'unauthenticated' } });
    const listed = (await nbi.request('GET', '/api/v1/api-keys', { key: nbi.keys.admin })).body as {
      apiKeys: { id: string; revokedAt?: string }[];
    };
    expect(listed.apiKeys.find((apiKey) => apiKey.id === key.id)?.revokedAt).toEqual(
      expect.any(String),
    );
    const unknown = await nbi.request('DELETE', '/api/v1/api-keys/nope', { key: nbi.keys.admin });
    expect(unknown).toMatchObject({ status: 404, body: { error: 'api-key-not-found' } });
  });

  it.each([
    [{ name: 'x', role: 'superuser' }, 'role'],
    [{ name: '', role: 'admin' }, 'name'],
    [{ role: 'admin' }, 'name'],
    [{ name: 'x', role: 'admin', key: 'chosen-secret' }, 'key'],
  ])('answers 400 naming the field for a bad key request %#', async (body, field) => {
    const response = await nbi.request('POST', '/api/v1/api-keys', { key: nbi.keys.admin, body });
    expect(response).toMatchObject({ status: 400, body: { error: 'validation-failed', field } });
  });

  it('lists the audit log newest first, a page at a time, to admins only', async () => {
    for (const tag of ['a', 'b', 'c']) {
      await nbi.request('PUT', `/api/v1/devices/00D09E-HG8245-ADM1/tags/${tag}`, {
        key: nbi.keys.operator,
      });
    }
    const first = await nbi.request('GET', '/api/v1/audit-log?limit=2', { key: nbi.keys.admin });
    expect(first.status).toBe(200);
    const page = first.body as { entries: AuditEntry[]; total: number };
    // Each write: its intent, stored before it ran, then its outcome.
    expect(page.entries.map((entry) => [entry.phase, entry.request['params']])).toEqual([
      ['outcome', { deviceId: '00D09E-HG8245-ADM1', tag: 'c' }],
      ['intent', { deviceId: '00D09E-HG8245-ADM1', tag: 'c' }],
    ]);
    expect(page.entries[0]).toMatchObject({
      who: { keyId: nbi.keyIds.operator, keyName: 'test-operator' },
      action: 'tag.add',
      status: 204,
      intentId: page.entries[1]?.id,
      at: expect.any(String),
    });
    expect(page.entries[1]).not.toHaveProperty('status');
    const next = (
      await nbi.request('GET', '/api/v1/audit-log?limit=2&skip=2', { key: nbi.keys.admin })
    ).body as { entries: AuditEntry[]; total: number };
    expect(next.total).toBe(page.total);
    expect(next.entries[0]?.request['params']).toEqual({
      deviceId: '00D09E-HG8245-ADM1',
      tag: 'b',
    });

    for (const role of ['read-only', 'operator'] as const) {
      const refused = await nbi.request('GET', '/api/v1/audit-log', { key: nbi.keys[role] });
      expect(refused).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    }
  });
});
