import { get } from 'node:http';
import { startTestNbi, TestNbi } from '../test-support/nbi-test-app';

interface Page {
  devices: { deviceId: string; [field: string]: unknown }[];
  total?: number;
  nextCursor?: string;
}

const q = (params: Record<string, unknown>) =>
  '?' +
  new URLSearchParams(
    Object.entries(params).map(([name, value]): [string, string] => [
      name,
      typeof value === 'string' ? value : JSON.stringify(value),
    ]),
  ).toString();

describe('devices API', () => {
  let nbi: TestNbi;
  beforeAll(async () => {
    nbi = await startTestNbi();
    await nbi.seed(
      { deviceId: '00D09E-HG8245-SN001', softwareVersion: '1.0.0', informAt: 10 },
      { deviceId: '00D09E-HG8245-SN002', softwareVersion: '2.0.0', informAt: 20 },
      { deviceId: '00D09E-HG8245-SN003', softwareVersion: '2.0.0', informAt: 30 },
      { deviceId: '00D09E-F670L-SN004', productClass: 'F670L', informAt: 40 },
      { deviceId: '00D09E-F670L-SN005', productClass: 'F670L', informAt: 50 },
    );
  }, 30_000);
  afterAll(() => nbi.close());

  const list = async (params: Record<string, unknown>, key = nbi.keys['read-only']) => {
    const response = await nbi.request('GET', `/api/v1/devices${q(params)}`, { key });
    return { ...response, page: response.body as Page };
  };

  it('lists devices matching a filter over identity and parameter values, with the total', async () => {
    const byClass = await list({ filter: { productClass: 'F670L' } });
    expect(byClass.status).toBe(200);
    expect(byClass.page.total).toBe(2);
    expect(byClass.page.devices.map((d) => d.deviceId).sort()).toEqual([
      '00D09E-F670L-SN004',
      '00D09E-F670L-SN005',
    ]);
    const byParameter = await list({
      filter: { 'parameters.Device.DeviceInfo.SoftwareVersion': { $in: ['2.0.0'] } },
    });
    expect(byParameter.page.devices.map((d) => d.deviceId).sort()).toEqual([
      '00D09E-HG8245-SN002',
      '00D09E-HG8245-SN003',
    ]);
  });

  it('returns only the projected fields, and never the connection-request password', async () => {
    const { page } = await list({
      filter: { deviceId: '00D09E-HG8245-SN001' },
      projection: 'productClass,connectionRequest,parameters.Device.DeviceInfo.',
    });
    const [device] = page.devices;
    expect(device).toMatchObject({
      deviceId: '00D09E-HG8245-SN001',
      productClass: 'HG8245',
      connectionRequest: { url: 'http://10.0.0.7:7547/cr', username: 'cr-user' },
    });
    expect(device).not.toHaveProperty('serialNumber');
    expect(JSON.stringify(device)).not.toContain('cr-secret');
    const parameters = Object.keys((device?.['parameters'] ?? {}) as object);
    expect(parameters).toContain('Device.DeviceInfo.SoftwareVersion');
    expect(parameters).not.toContain('Device.WiFi.SSID.1.SSID');
  });

  it('sorts and pages by offset', async () => {
    const sorted = { sort: { lastInform: -1 }, projection: 'lastInform' };
    const first = await list({ ...sorted, limit: 2 });
    const second = await list({ ...sorted, limit: 2, skip: 2 });
    expect(first.page.total).toBe(5);
    expect([...first.page.devices, ...second.page.devices].map((d) => d.deviceId)).toEqual([
      '00D09E-F670L-SN005',
      '00D09E-F670L-SN004',
      '00D09E-HG8245-SN003',
      '00D09E-HG8245-SN002',
    ]);
  });

  it('pages by cursor until the last page, which has no cursor', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let pageCount = 0; pageCount < 10; pageCount++) {
      const { status, page } = await list({
        sort: { lastInform: 1 },
        projection: 'lastInform',
        limit: 2,
        total: 'false',
        ...(cursor ? { cursor } : {}),
      });
      expect(status).toBe(200);
      expect(page.total).toBeUndefined();
      seen.push(...page.devices.map((d) => d.deviceId));
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toEqual([
      '00D09E-HG8245-SN001',
      '00D09E-HG8245-SN002',
      '00D09E-HG8245-SN003',
      '00D09E-F670L-SN004',
      '00D09E-F670L-SN005',
    ]);
  });

  it.each([
    ['$where', { $where: 'this.online' }, 'filter.$where'],
    [
      '$function',
      { serialNumber: { $function: { body: 'x', args: [], lang: 'js' } } },
      'filter.serialNumber.$function',
    ],
    ['$accumulator', { $or: [{ tags: 'a' }, { $accumulator: {} }] }, 'filter.$or[1].$accumulator'],
    ['$expr', { $expr: { $eq: ['$oui', '$serialNumber'] } }, 'filter.$expr'],
  ])('refuses %s in a filter with 400 naming it', async (_, filter, field) => {
    const response = await list({ filter });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      error: 'validation-failed',
      field,
      reason: 'operator-not-allowed',
    });
  });

  it.each([
    ['a filter that is not JSON', { filter: '{"oui":' }, 'filter'],
    ['a filter on an unknown field', { filter: { password: 'x' } }, 'filter.password'],
    ['a page too large', { limit: '5000' }, 'limit'],
    ['a negative skip', { skip: '-1' }, 'skip'],
    ['a limit that is not a number', { limit: 'ten' }, 'limit'],
    ['an unknown query parameter', { limt: '10' }, 'limt'],
    ['a sort on tags', { sort: { tags: 1 } }, 'sort.tags'],
    ['a projection of an unknown field', { projection: 'serialNumber,secret' }, 'projection[1]'],
    ['a forged cursor', { cursor: 'not-a-cursor' }, 'cursor'],
  ])('answers 400 naming the field for %s', async (_, params, field) => {
    const response = await list(params);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: 'validation-failed', field });
  });

  it('gets one device with its tree, or a subtree of it', async () => {
    const whole = await nbi.request('GET', '/api/v1/devices/00D09E-HG8245-SN002', {
      key: nbi.keys['read-only'],
    });
    expect(whole.status).toBe(200);
    expect(whole.body).toMatchObject({
      deviceId: '00D09E-HG8245-SN002',
      parameters: {
        'Device.DeviceInfo.SoftwareVersion': { value: '2.0.0', type: 'string', object: false },
        'Device.WiFi.SSID.1.SSID': { value: 'home' },
      },
    });
    expect(JSON.stringify(whole.body)).not.toContain('cr-secret');

    const subtree = await nbi.request(
      'GET',
      '/api/v1/devices/00D09E-HG8245-SN002?subtree=Device.WiFi.',
      { key: nbi.keys['read-only'] },
    );
    const paths = Object.keys((subtree.body as { parameters: object }).parameters);
    expect(paths).toContain('Device.WiFi.SSID.1.SSID');
    expect(paths.every((path) => path.startsWith('Device.WiFi.'))).toBe(true);
  });

  it('gets one device through a projection, as the list takes it', async () => {
    const get = (query: string) =>
      nbi.request('GET', `/api/v1/devices/00D09E-HG8245-SN001?${query}`, {
        key: nbi.keys['read-only'],
      });
    const projected = await get(
      'projection=productClass,connectionRequest,parameters.Device.DeviceInfo.',
    );
    expect(projected.status).toBe(200);
    expect(projected.body).toMatchObject({
      deviceId: '00D09E-HG8245-SN001',
      productClass: 'HG8245',
      connectionRequest: { url: 'http://10.0.0.7:7547/cr', username: 'cr-user' },
    });
    expect(projected.body).not.toHaveProperty('serialNumber');
    expect(JSON.stringify(projected.body)).not.toContain('cr-secret');
    const paths = Object.keys((projected.body as { parameters: object }).parameters);
    expect(paths).toContain('Device.DeviceInfo.SoftwareVersion');
    expect(paths).not.toContain('Device.WiFi.SSID.1.SSID');

    const summaryOnly = await get('projection=lastInform');
    expect(Object.keys(summaryOnly.body as object).sort()).toEqual(['deviceId', 'lastInform']);

    const unknownField = await get('projection=serialNumber,secret');
    expect(unknownField.status).toBe(400);
    expect(unknownField.body).toMatchObject({ error: 'validation-failed', field: 'projection[1]' });
    const both = await get('projection=parameters&subtree=Device.WiFi.');
    expect(both.status).toBe(400);
    expect(both.body).toMatchObject({ error: 'validation-failed', field: 'subtree' });
    const missing = await nbi.request('GET', '/api/v1/devices/00D09E-X-NOPE?projection=tags', {
      key: nbi.keys['read-only'],
    });
    expect(missing.status).toBe(404);
  });

  it('finds a device whose id holds percent-escapes, sent percent-encoded', async () => {
    const deviceId = '00D09E-HG%2D8245%20%7BH%7D-48575443%2D9A1B';
    await nbi.seed({ deviceId });
    const response = await nbi.request('GET', `/api/v1/devices/${encodeURIComponent(deviceId)}`, {
      key: nbi.keys['read-only'],
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ deviceId });
  });

  it('answers 404 for an unknown device and 400 for a malformed subtree', async () => {
    const missing = await nbi.request('GET', '/api/v1/devices/00D09E-X-NOPE', {
      key: nbi.keys['read-only'],
    });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ error: 'device-not-found' });
    const bad = await nbi.request(
      'GET',
      '/api/v1/devices/00D09E-HG8245-SN002?subtree=Device..WiFi',
      {
        key: nbi.keys['read-only'],
      },
    );
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ field: 'subtree' });
  });

  it('answers a URL longer than it reads with 431 in its error format, however much still arrives', async () => {
    // Found by `npm run fuzz:nbi`: Node's own 431 had no body, and it cut the connection while a
    // long URL was still arriving, so the client read a reset instead of any answer.
    const rawGet = (url: string) =>
      new Promise<{ status?: number; type?: string; body: string }>((resolve, reject) => {
        const request = get(url, { headers: { authorization: `Bearer ${nbi.keys['read-only']}` } });
        request.on('error', reject);
        request.on('response', (response) => {
          let body = '';
          response.on('data', (chunk: Buffer) => (body += chunk.toString()));
          response.on('end', () =>
            resolve({ status: response.statusCode, type: response.headers['content-type'], body }),
          );
        });
      });
    for (const length of [20_000, 1_000_000]) {
      const answer = await rawGet(`${nbi.app.url}/api/v1/devices?projection=${'a'.repeat(length)}`);
      expect(answer.status).toBe(431);
      expect(answer.type).toBe('application/json; charset=utf-8');
      expect(JSON.parse(answer.body)).toEqual({
        error: 'headers-too-large',
        message: expect.stringContaining('16 KiB'),
      });
    }
    // The listener goes on serving.
    expect((await list({ limit: 1 })).status).toBe(200);
  });

  it('deletes a device with its tasks, audited', async () => {
    await nbi.seed({ deviceId: '00D09E-HG8245-GONE' });
    const task = await nbi.request('POST', '/api/v1/devices/00D09E-HG8245-GONE/tasks', {
      key: nbi.keys.operator,
      body: { type: 'reboot', payload: {} },
    });
    expect(task.status).toBe(201);

    const deleted = await nbi.request('DELETE', '/api/v1/devices/00D09E-HG8245-GONE', {
      key: nbi.keys.operator,
    });
    expect(deleted.status).toBe(204);
    expect(await nbi.devices.get('00D09E-HG8245-GONE')).toBeNull();
    expect(
      await nbi.provisioningStores.tasks.list({ deviceId: '00D09E-HG8245-GONE', limit: 10 }),
    ).toEqual({
      tasks: [],
      total: 0,
    });
    const again = await nbi.request('DELETE', '/api/v1/devices/00D09E-HG8245-GONE', {
      key: nbi.keys.operator,
    });
    expect(again.status).toBe(404);

    const entries = await nbi.auditOutcomes(2);
    expect(
      entries.map((entry) => [entry.action, entry.target, entry.status, entry.who.keyName]),
    ).toEqual([
      ['device.delete', 'device:00D09E-HG8245-GONE', 404, 'test-operator'],
      ['device.delete', 'device:00D09E-HG8245-GONE', 204, 'test-operator'],
    ]);
  });
});
