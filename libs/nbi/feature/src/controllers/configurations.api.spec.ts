import type { Configuration } from '@acs/contracts';
import type { ProvisioningChange } from '../use-cases/provisioning-change';
import { startTestNbi, TestNbi } from '../test-support/nbi-test-app';

const wifi = (ssid: string) => ({
  name: 'home wifi',
  parameters: [
    { path: 'Device.WiFi.SSID.1.SSID', value: ssid },
    { path: 'Device.WiFi.Radio.1.Enable', value: true, type: 'boolean' },
  ],
  objects: [{ path: 'Device.NAT.PortMapping.', key: { ExternalPort: 8080, Protocol: 'TCP' } }],
});

describe('configurations API', () => {
  let nbi: TestNbi;
  const changes: ProvisioningChange[] = [];
  beforeAll(async () => {
    nbi = await startTestNbi({
      provisioning: true,
      onProvisioningChange: async (change) => {
        changes.push(change);
      },
    });
  }, 30_000);
  afterAll(() => nbi.close());
  beforeEach(() => {
    changes.length = 0;
  });

  const operator = (method: string, path: string, body?: unknown) =>
    nbi.request(method, `/api/v1${path}`, { key: nbi.keys.operator, body });
  const create = async (body: unknown) => {
    const response = await operator('POST', '/configurations', body);
    expect(response.status).toBe(201);
    return response.body as Configuration;
  };

  it('creates a configuration as version 1, readable by a read-only key, and tells provisioning', async () => {
    const created = await create(wifi('home'));
    expect(created).toEqual({
      ...wifi('home'),
      id: expect.any(String),
      version: 1,
      createdAt: expect.any(String),
      updatedAt: created.createdAt,
    });
    const read = await nbi.request('GET', `/api/v1/configurations/${created.id}`, {
      key: nbi.keys['read-only'],
    });
    expect(read).toMatchObject({ status: 200, body: created });
    expect(changes).toEqual([{ kind: 'configuration', id: created.id }]);
    expect(await nbi.provisioningStores.configurations.get(created.id)).toEqual(created);
  });

  it('replaces the version named and keeps every version, newest first', async () => {
    const created = await create(wifi('one'));
    const replaced = await operator('PUT', `/configurations/${created.id}`, {
      ...wifi('two'),
      version: 1,
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ ...wifi('two'), id: created.id, version: 2 });
    const versions = await operator('GET', `/configurations/${created.id}/versions`);
    expect(versions.status).toBe(200);
    expect((versions.body as { versions: Configuration[] }).versions).toEqual([
      replaced.body,
      created,
    ]);
    expect(changes).toContainEqual({ kind: 'configuration', id: created.id });
  });

  it('refuses a stale version with 409 and the current version, changing nothing', async () => {
    const created = await create(wifi('one'));
    await operator('PUT', `/configurations/${created.id}`, { ...wifi('two'), version: 1 });
    changes.length = 0;
    const stale = await operator('PUT', `/configurations/${created.id}`, {
      ...wifi('three'),
      version: 1,
    });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ error: 'version-conflict', currentVersion: 2 });
    expect((await operator('GET', `/configurations/${created.id}`)).body).toMatchObject({
      version: 2,
      parameters: wifi('two').parameters,
    });
    expect(changes).toEqual([]);
    const [entry] = await nbi.auditOutcomes(1);
    expect(entry).toMatchObject({
      action: 'configuration.replace',
      target: `configuration:${created.id}`,
      status: 409,
      error: 'version-conflict',
    });
  });

  it.each([
    [{ parameters: [] }, 'name'],
    [{ ...wifi('x'), parameters: [{ path: 'Device.Bad Path', value: 1 }] }, 'parameters[0].path'],
    [
      { ...wifi('x'), refresh: [{ path: 'Device.WiFi.', maxAgeSeconds: 5 }] },
      'refresh[0].maxAgeSeconds',
    ],
    [{ ...wifi('x'), colour: 'blue' }, 'colour'],
  ])('answers 400 naming the field of a bad configuration %#', async (body, field) => {
    const response = await operator('POST', '/configurations', body);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: 'validation-failed', field });
  });

  it('refuses a value with a {{ that is no valid template, naming it and the valid forms', async () => {
    const guessed = {
      name: 'isp ssid',
      parameters: [{ path: 'Device.WiFi.SSID.1.SSID', value: 'isp-{{serialNumber}}' }],
    };
    const refused = await operator('POST', '/configurations', guessed);
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({
      error: 'validation-failed',
      field: 'parameters[0].value',
      reason: 'invalid-template',
      message: expect.stringContaining('{{serialNumber}}'),
    });
    expect((refused.body as { message: string }).message).toContain('{{device:<deviceId|oui|');

    const created = await create({
      ...guessed,
      parameters: [{ path: 'Device.WiFi.SSID.1.SSID', value: 'isp-{{device:serialNumber}}' }],
    });
    const replaced = await operator('PUT', `/configurations/${created.id}`, {
      name: 'isp ssid',
      objects: [{ path: 'Device.WiFi.SSID.', key: { Alias: '{{device:serial}}' } }],
      version: 1,
    });
    expect(replaced.status).toBe(400);
    expect(replaced.body).toMatchObject({
      field: 'objects[0].key.Alias',
      reason: 'invalid-template',
      message: expect.stringContaining('unknown device field'),
    });
    expect((await operator('GET', `/configurations/${created.id}`)).body).toMatchObject({
      version: 1,
    });
  });

  it('previews what a configuration would set on a device and the RPCs it would take', async () => {
    await nbi.seed({ deviceId: '00D09E-HG8245-PRV1' });
    await operator('PUT', '/subscribers', {
      subscribers: [{ subscriberId: 'prv-1', deviceId: '00D09E-HG8245-PRV1', data: { plan: 'x' } }],
    });
    const isp = await create({
      name: 'isp',
      parameters: [
        {
          path: 'Device.WiFi.SSID.1.SSID',
          value: 'isp-{{device:serialNumber}}-{{subscriber:plan}}',
        },
        { path: 'Device.WiFi.SSID.1.Enable', value: true },
      ],
    });
    const preview = await nbi.request(
      'GET',
      `/api/v1/devices/00D09E-HG8245-PRV1/preview?configurationId=${isp.id}`,
      { key: nbi.keys['read-only'] },
    );
    expect(preview.status).toBe(200);
    expect(preview.body).toEqual({
      deviceId: '00D09E-HG8245-PRV1',
      configurationId: isp.id,
      configurationVersion: 1,
      outcome: 'converges',
      quirkProfiles: [],
      parameters: [
        { path: 'Device.WiFi.SSID.1.SSID', value: 'isp-PRV1-x', current: 'home' },
        { path: 'Device.WiFi.SSID.1.Enable', value: true, current: true },
      ],
      objects: [],
      rpcs: [
        {
          purpose: 'set 1 parameter value(s)',
          request: {
            type: 'SetParameterValues',
            parameters: [{ name: 'Device.WiFi.SSID.1.SSID', type: 'string', value: 'isp-PRV1-x' }],
            parameterKey: '',
          },
        },
      ],
    });
    // Nothing was queued or changed by looking.
    expect(
      (await nbi.devices.get('00D09E-HG8245-PRV1'))?.parameters['Device.WiFi.SSID.1.SSID'],
    ).toMatchObject({ value: 'home' });

    const tagged = await create({
      name: 'by region',
      parameters: [{ path: 'Device.WiFi.SSID.1.SSID', value: 'isp-{{tag:region:}}' }],
    });
    const fault = await operator(
      'GET',
      `/devices/00D09E-HG8245-PRV1/preview?configurationId=${tagged.id}`,
    );
    expect(fault.body).toMatchObject({
      outcome: 'template-fault',
      template: '{{tag:region:}}',
      message: expect.stringContaining("no tag starts with 'region:'"),
      rpcs: [],
    });

    for (const [path, error] of [
      [`/devices/00D09E-X-NOPE/preview?configurationId=${isp.id}`, 'device-not-found'],
      ['/devices/00D09E-HG8245-PRV1/preview?configurationId=nope', 'configuration-not-found'],
    ] as const) {
      const missing = await operator('GET', path);
      expect([path, missing.status, missing.body]).toEqual([
        path,
        404,
        expect.objectContaining({ error }),
      ]);
    }
    const noConfiguration = await operator('GET', '/devices/00D09E-HG8245-PRV1/preview');
    expect(noConfiguration).toMatchObject({ status: 400, body: { field: 'configurationId' } });
  });

  it('requires the version replaced in the body', async () => {
    const created = await create(wifi('one'));
    const response = await operator('PUT', `/configurations/${created.id}`, wifi('two'));
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: 'validation-failed', field: 'version' });
  });

  it('answers 404 for an unknown configuration, its versions, its replacement and deletion', async () => {
    for (const [method, path, body] of [
      ['GET', '/configurations/nope', undefined],
      ['GET', '/configurations/nope/versions', undefined],
      ['PUT', '/configurations/nope', { ...wifi('x'), version: 1 }],
      ['DELETE', '/configurations/nope', undefined],
    ] as const) {
      const response = await operator(method, path, body);
      expect([method, path, response.status, response.body]).toEqual([
        method,
        path,
        404,
        expect.objectContaining({ error: 'configuration-not-found' }),
      ]);
    }
  });

  it('deletes a configuration, at the version given, and audits it', async () => {
    const created = await create(wifi('one'));
    const stale = await operator('DELETE', `/configurations/${created.id}?version=2`);
    expect(stale).toMatchObject({ status: 409, body: { currentVersion: 1 } });
    changes.length = 0;
    expect((await operator('DELETE', `/configurations/${created.id}?version=1`)).status).toBe(204);
    expect((await operator('GET', `/configurations/${created.id}`)).status).toBe(404);
    expect(changes).toEqual([{ kind: 'configuration', id: created.id }]);
    const [entry] = await nbi.auditOutcomes(1);
    expect(entry).toMatchObject({
      action: 'configuration.delete',
      target: `configuration:${created.id}`,
      who: { keyId: nbi.keyIds.operator },
      request: { params: { configurationId: created.id }, query: { version: '1' } },
      status: 204,
    });
  });

  it('refuses to delete a configuration a preset or a subscriber uses', async () => {
    const used = await create(wifi('used'));
    const preset = await operator('POST', '/presets', {
      name: 'all',
      configurationId: used.id,
      precedence: 1,
      match: {},
    });
    expect(preset.status).toBe(201);
    const byPreset = await operator('DELETE', `/configurations/${used.id}`);
    expect(byPreset.status).toBe(409);
    expect(byPreset.body).toMatchObject({
      error: 'configuration-in-use',
      message: expect.stringContaining((preset.body as { id: string }).id),
    });
    expect(
      (await operator('DELETE', `/presets/${(preset.body as { id: string }).id}`)).status,
    ).toBe(204);

    const profile = await create(wifi('profile'));
    await operator('PUT', '/subscribers', {
      subscribers: [{ subscriberId: 'gold-1', deviceId: 'dev-1', profile: profile.id, data: {} }],
    });
    const bySubscriber = await operator('DELETE', `/configurations/${profile.id}`);
    expect(bySubscriber.status).toBe(409);
    expect(bySubscriber.body).toMatchObject({
      error: 'configuration-in-use',
      message: expect.stringContaining('gold-1'),
    });
    expect((await operator('DELETE', `/configurations/${used.id}`)).status).toBe(204);
  });

  it('lists configurations a page at a time', async () => {
    const total = ((await operator('GET', '/configurations?limit=0')).body as { total: number })
      .total;
    const a = await create(wifi('page-a'));
    const b = await create(wifi('page-b'));
    const page = await operator('GET', `/configurations?limit=2&skip=${total}`);
    expect(page.body).toEqual({ configurations: [a, b], total: total + 2 });
  });

  it('refuses an offset past exact integers with 400 naming skip, on every paged list', async () => {
    // Found by `npm run fuzz:nbi`: skip=438739174988173541376 reached SQLite as a float (a 500).
    for (const list of ['/configurations', '/presets', '/subscribers', '/tasks']) {
      const refused = await operator('GET', `${list}?skip=438739174988173541376`);
      expect([list, refused.status, refused.body]).toEqual([
        list,
        400,
        expect.objectContaining({ error: 'validation-failed', field: 'skip' }),
      ]);
    }
    const largest = await operator('GET', `/configurations?skip=${Number.MAX_SAFE_INTEGER}`);
    expect(largest.body).toEqual({ configurations: [], total: expect.any(Number) });
  });

  it('keeps writes to operators: a read-only key is refused, and the refusal audited', async () => {
    const refused = await nbi.request('POST', '/api/v1/configurations', {
      key: nbi.keys['read-only'],
      body: wifi('x'),
    });
    expect(refused).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    const [entry] = await nbi.auditOutcomes(1);
    expect(entry).toMatchObject({
      action: 'configuration.create',
      who: { keyId: nbi.keyIds['read-only'] },
      status: 403,
    });
  });

  it('answers the write even when the provisioning hook fails', async () => {
    const failing = await startTestNbi({
      provisioning: true,
      onProvisioningChange: () => Promise.reject(new Error('provisioning is down')),
    });
    try {
      const response = await failing.request('POST', '/api/v1/configurations', {
        key: failing.keys.operator,
        body: wifi('x'),
      });
      expect(response.status).toBe(201);
      const id = (response.body as Configuration).id;
      expect(await failing.provisioningStores.configurations.get(id)).toMatchObject({
        version: 1,
      });
    } finally {
      await failing.close();
    }
  }, 30_000);
});

describe('operator API without provisioning stores', () => {
  let nbi: TestNbi;
  beforeAll(async () => {
    nbi = await startTestNbi();
  }, 30_000);
  afterAll(() => nbi.close());

  it('serves no provisioning routes and documents none', async () => {
    for (const path of ['/api/v1/configurations', '/api/v1/presets', '/api/v1/subscribers/x']) {
      expect((await nbi.request('GET', path, { key: nbi.keys.admin })).status).toBe(404);
    }
    const docs = (await nbi.request('GET', '/api-docs')).body as { paths: object };
    expect(
      Object.keys(docs.paths).filter((path) => /configurations|presets|subscribers/.test(path)),
    ).toEqual([]);
    expect(Object.keys(docs.paths)).toContain('/api/v1/tasks');
  });
});
