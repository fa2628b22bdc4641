import type { Configuration, Preset } from '@acs/contracts';
import type { ProvisioningChange } from '../use-cases/provisioning-change';
import { startTestNbi, TestNbi } from '../test-support/nbi-test-app';

describe('presets API', () => {
  let nbi: TestNbi;
  let configuration: Configuration;
  const changes: ProvisioningChange[] = [];
  beforeAll(async () => {
    nbi = await startTestNbi({
      provisioning: true,
      onProvisioningChange: async (change) => {
        changes.push(change);
      },
    });
    const created = await nbi.request('POST', '/api/v1/configurations', {
      key: nbi.keys.operator,
      body: { name: 'firmware 4.2', parameters: [{ path: 'Device.X.Y', value: 1 }] },
    });
    configuration = created.body as Configuration;
  }, 30_000);
  afterAll(() => nbi.close());
  beforeEach(() => {
    changes.length = 0;
  });

  const operator = (method: string, path: string, body?: unknown) =>
    nbi.request(method, `/api/v1${path}`, { key: nbi.keys.operator, body });
  const presetBody = (fields: Record<string, unknown> = {}) => ({
    name: 'lab routers',
    configurationId: configuration.id,
    precedence: 10,
    match: {
      filter: { tags: 'lab', 'parameters.Device.DeviceInfo.SoftwareVersion': { $ne: '4.2.1' } },
      events: ['1 BOOT'],
      schedule: { daysOfWeek: [1, 2, 3], from: '22:00', to: '04:00' },
    },
    wake: { perMinute: 100 },
    ...fields,
  });

  it('creates, replaces and lists the versions of a preset, telling provisioning each time', async () => {
    const created = await operator('POST', '/presets', presetBody());
    expect(created.status).toBe(201);
    const preset = created.body as Preset;
    expect(preset).toMatchObject({ ...presetBody(), version: 1 });
    // Its filter comes back exactly as sent, operators and dotted paths included.
    expect(await nbi.provisioningStores.presets.get(preset.id)).toEqual(preset);

    const replaced = await operator('PUT', `/presets/${preset.id}`, {
      ...presetBody({ enabled: false }),
      version: 1,
    });
    expect(replaced).toMatchObject({ status: 200, body: { enabled: false, version: 2 } });
    const versions = (await operator('GET', `/presets/${preset.id}/versions`)).body as {
      versions: Preset[];
    };
    expect(versions.versions.map((version) => version.version)).toEqual([2, 1]);
    expect(await nbi.provisioningStores.presets.listEnabledPresets()).not.toContainEqual(
      expect.objectContaining({ id: preset.id }),
    );
    expect(changes).toEqual([
      { kind: 'preset', id: preset.id },
      { kind: 'preset', id: preset.id },
    ]);
    const [latest, first] = await nbi.auditOutcomes(2);
    expect([first?.action, latest?.action]).toEqual(['preset.create', 'preset.replace']);
    expect(latest).toMatchObject({ target: `preset:${preset.id}`, status: 200 });
  });

  it('answers 400 naming configurationId when the configuration is unknown', async () => {
    const response = await operator('POST', '/presets', presetBody({ configurationId: 'nope' }));
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      error: 'validation-failed',
      field: 'configurationId',
      reason: 'unknown-configuration',
    });
    expect(changes).toEqual([]);
  });

  it.each([
    [{ $where: 'sleep(1000)' }, 'match.filter.$where'],
    [{ 'parameters.Device.X': { $function: {} } }, 'match.filter.parameters.Device.X.$function'],
    [{ password: 'x' }, 'match.filter.password'],
  ])('answers 400 naming the bad part of a filter %#', async (filter, field) => {
    const response = await operator('POST', '/presets', presetBody({ match: { filter } }));
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: 'validation-failed', field });
  });

  it.each([
    [{ precedence: -1 }, 'precedence'],
    [{ match: { schedule: { from: '25:00', to: '01:00' } } }, 'match.schedule.from'],
    [{ configurationId: undefined }, 'configurationId'],
  ])('answers 400 naming the field of a bad preset %#', async (fields, field) => {
    const response = await operator('POST', '/presets', presetBody(fields));
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: 'validation-failed', field });
  });

  it('checks the filter and configuration of a replacement too, and its version', async () => {
    const preset = (await operator('POST', '/presets', presetBody())).body as Preset;
    const badFilter = await operator('PUT', `/presets/${preset.id}`, {
      ...presetBody({ match: { filter: { $where: '1' } } }),
      version: 1,
    });
    expect(badFilter).toMatchObject({ status: 400, body: { field: 'match.filter.$where' } });
    const badConfiguration = await operator('PUT', `/presets/${preset.id}`, {
      ...presetBody({ configurationId: 'gone' }),
      version: 1,
    });
    expect(badConfiguration).toMatchObject({ status: 400, body: { field: 'configurationId' } });
    const stale = await operator('PUT', `/presets/${preset.id}`, { ...presetBody(), version: 7 });
    expect(stale).toMatchObject({
      status: 409,
      body: { error: 'version-conflict', currentVersion: 1 },
    });
    expect((await operator('GET', `/presets/${preset.id}`)).body).toEqual(preset);
  });

  it('deletes a preset with its history, then answers 404 for it', async () => {
    const preset = (await operator('POST', '/presets', presetBody())).body as Preset;
    changes.length = 0;
    expect((await operator('DELETE', `/presets/${preset.id}`)).status).toBe(204);
    expect(changes).toEqual([{ kind: 'preset', id: preset.id }]);
    for (const path of [`/presets/${preset.id}`, `/presets/${preset.id}/versions`]) {
      expect((await operator('GET', path)).body).toMatchObject({ error: 'preset-not-found' });
    }
    expect((await operator('DELETE', `/presets/${preset.id}`)).status).toBe(404);
  });

  it('lists presets for a read-only key and refuses it writes', async () => {
    const list = await nbi.request('GET', '/api/v1/presets?limit=1', {
      key: nbi.keys['read-only'],
    });
    expect(list.status).toBe(200);
    expect((list.body as { presets: Preset[]; total: number }).presets).toHaveLength(1);
    const write = await nbi.request('POST', '/api/v1/presets', {
      key: nbi.keys['read-only'],
      body: presetBody(),
    });
    expect(write.status).toBe(403);
  });
});
