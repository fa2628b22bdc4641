import type { Configuration, SubscriberRecord } from '@acs/contracts';
import type { ProvisioningChange } from '../use-cases/provisioning-change';
import { startTestNbi, TestNbi } from '../test-support/nbi-test-app';

describe('subscribers API', () => {
  let nbi: TestNbi;
  let gold: Configuration;
  const changes: ProvisioningChange[] = [];
  beforeAll(async () => {
    nbi = await startTestNbi({
      provisioning: true,
      onProvisioningChange: async (change) => {
        changes.push(change);
      },
    });
    gold = (
      await nbi.request('POST', '/api/v1/configurations', {
        key: nbi.keys.operator,
        body: {
          name: 'gold',
          parameters: [{ path: 'Device.WiFi.SSID.1.SSID', value: '{{subscriber:wifi.ssid}}' }],
        },
      })
    ).body as Configuration;
  }, 30_000);
  afterAll(() => nbi.close());
  beforeEach(() => {
    changes.length = 0;
  });

  const upsert = (subscribers: unknown[], key = nbi.keys.operator) =>
    nbi.request('PUT', '/api/v1/subscribers', { key, body: { subscribers } });
  const record = (
    subscriberId: string,
    fields: Partial<SubscriberRecord> = {},
  ): SubscriberRecord => ({
    subscriberId,
    data: { wifi: { ssid: `${subscriberId}-net` } },
    ...fields,
  });

  it('stores a batch, finds each record for its device, and tells provisioning of each', async () => {
    const batch = [
      record('sub-1', { deviceId: '00D09E-HG8245-SUB1', profile: gold.id }),
      record('sub-2', { serialNumber: 'SUB2', oui: '00D09E' }),
    ];
    const response = await upsert(batch);
    expect(response).toMatchObject({ status: 200, body: { upserted: 2 } });
    const read = await nbi.request('GET', '/api/v1/subscribers/sub-1', {
      key: nbi.keys['read-only'],
    });
    expect(read).toMatchObject({ status: 200, body: batch[0] });
    expect(
      await nbi.provisioningStores.subscribers.findForDevice({
        deviceId: '00D09E-HG8245-SUB2',
        oui: '00D09E',
        serialNumber: 'SUB2',
      }),
    ).toEqual(batch[1]);
    expect(changes).toEqual([
      { kind: 'subscriber', id: 'sub-1' },
      { kind: 'subscriber', id: 'sub-2' },
    ]);
    const [entry] = await nbi.auditOutcomes(1);
    expect(entry).toMatchObject({
      action: 'subscriber.upsert',
      target: 'subscribers',
      status: 200,
    });
  });

  it.each([
    [[record('a', { deviceId: 'd' }), record('b')], 'subscribers[1].deviceId'],
    [[record('a', { deviceId: 'd', profile: 'no-such-configuration' })], 'subscribers[0].profile'],
    [
      [record('a', { deviceId: 'd' }), record('a', { deviceId: 'e' })],
      'subscribers[1].subscriberId',
    ],
    [[{ subscriberId: 'a', deviceId: 'd' }], 'subscribers[0].data'],
    [[], 'subscribers'],
  ])('refuses a batch with a bad record, naming it, storing none %#', async (batch, field) => {
    const response = await upsert(batch);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: 'validation-failed', field });
    expect(await nbi.provisioningStores.subscribers.get('a')).toBeNull();
    expect(changes).toEqual([]);
  });

  it('takes at most 1000 records a request', async () => {
    const many = Array.from({ length: 1001 }, (_, i) =>
      record(`bulk-${i}`, { deviceId: `d-${i}` }),
    );
    const refused = await upsert(many);
    expect(refused).toMatchObject({ status: 400, body: { field: 'subscribers' } });
    const accepted = await upsert(many.slice(0, 1000));
    expect(accepted).toMatchObject({ status: 200, body: { upserted: 1000 } });
    const page = await nbi.request('GET', '/api/v1/subscribers?limit=1', {
      key: nbi.keys['read-only'],
    });
    expect((page.body as { total: number }).total).toBeGreaterThanOrEqual(1000);
  }, 30_000);

  it('deletes a record, then answers 404 for it', async () => {
    await upsert([record('gone', { deviceId: 'dev-gone' })]);
    changes.length = 0;
    const deleted = await nbi.request('DELETE', '/api/v1/subscribers/gone', {
      key: nbi.keys.operator,
    });
    expect(deleted.status).toBe(204);
    expect(changes).toEqual([{ kind: 'subscriber', id: 'gone' }]);
    const [entry] = await nbi.auditOutcomes(1);
    expect(entry).toMatchObject({
      action: 'subscriber.delete',
      target: 'subscriber:gone',
      status: 204,
    });
    for (const method of ['GET', 'DELETE']) {
      const response = await nbi.request(method, '/api/v1/subscribers/gone', {
        key: nbi.keys.operator,
      });
      expect(response).toMatchObject({ status: 404, body: { error: 'subscriber-not-found' } });
    }
  });

  it('refuses writes to a read-only key', async () => {
    const response = await upsert([record('ro', { deviceId: 'd' })], nbi.keys['read-only']);
    expect(response).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    expect(await nbi.provisioningStores.subscribers.get('ro')).toBeNull();
  });
});
