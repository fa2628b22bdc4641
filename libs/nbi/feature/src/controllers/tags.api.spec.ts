import { startTestNbi, TestNbi } from '../test-support/nbi-test-app';

describe('tags API', () => {
  let nbi: TestNbi;
  beforeAll(async () => {
    nbi = await startTestNbi();
    await nbi.seed(
      { deviceId: '00D09E-HG8245-TAG1', softwareVersion: '1.0.0' },
      { deviceId: '00D09E-HG8245-TAG2', softwareVersion: '1.0.0' },
      { deviceId: '00D09E-F670L-TAG3', productClass: 'F670L', softwareVersion: '2.0.0' },
    );
  }, 30_000);
  afterAll(() => nbi.close());

  const tagsOf = async (deviceId: string) => (await nbi.devices.get(deviceId))?.tags;

  it('adds and removes a tag on one device', async () => {
    const added = await nbi.request(
      'PUT',
      '/api/v1/devices/00D09E-HG8245-TAG1/tags/lab%20rack%203',
      {
        key: nbi.keys.operator,
      },
    );
    expect(added.status).toBe(204);
    expect(await tagsOf('00D09E-HG8245-TAG1')).toEqual(['lab rack 3']);
    expect(await tagsOf('00D09E-HG8245-TAG2')).toEqual([]);
    const removed = await nbi.request(
      'DELETE',
      '/api/v1/devices/00D09E-HG8245-TAG1/tags/lab%20rack%203',
      {
        key: nbi.keys.operator,
      },
    );
    expect(removed.status).toBe(204);
    expect(await tagsOf('00D09E-HG8245-TAG1')).toEqual([]);
    const [latest, first] = await nbi.auditOutcomes(2);
    expect([first?.action, latest?.action]).toEqual(['tag.add', 'tag.remove']);
    expect(latest).toMatchObject({
      target: 'device:00D09E-HG8245-TAG1',
      request: { params: { deviceId: '00D09E-HG8245-TAG1', tag: 'lab rack 3' } },
      status: 204,
    });
  });

  it('answers 404 when tagging an unknown device', async () => {
    const response = await nbi.request('PUT', '/api/v1/devices/00D09E-X-NOBODY/tags/lab', {
      key: nbi.keys.operator,
    });
    expect(response).toMatchObject({ status: 404, body: { error: 'device-not-found' } });
  });

  it('answers 400 for a tag with a control character', async () => {
    const response = await nbi.request('PUT', '/api/v1/devices/00D09E-HG8245-TAG1/tags/a%07b', {
      key: nbi.keys.operator,
    });
    expect(response).toMatchObject({ status: 400, body: { field: 'tag' } });
  });

  it('changes tags on every device matching a filter and says how many matched', async () => {
    const response = await nbi.request('POST', '/api/v1/tags', {
      key: nbi.keys.operator,
      body: {
        filter: { 'parameters.Device.DeviceInfo.SoftwareVersion': '1.0.0' },
        add: ['needs-upgrade', 'wave-1'],
      },
    });
    expect(response).toMatchObject({ status: 200, body: { matched: 2 } });
    expect(await tagsOf('00D09E-HG8245-TAG1')).toEqual(['needs-upgrade', 'wave-1']);
    expect(await tagsOf('00D09E-HG8245-TAG2')).toEqual(['needs-upgrade', 'wave-1']);
    expect(await tagsOf('00D09E-F670L-TAG3')).toEqual([]);

    const removal = await nbi.request('POST', '/api/v1/tags', {
      key: nbi.keys.operator,
      body: { filter: { tags: 'wave-1' }, remove: ['wave-1'] },
    });
    expect(removal).toMatchObject({ status: 200, body: { matched: 2 } });
    expect(await tagsOf('00D09E-HG8245-TAG2')).toEqual(['needs-upgrade']);
  });

  it.each([
    ['$where in the filter', { filter: { $where: 'sleep(1000)' }, add: ['x'] }, 'filter.$where'],
    [
      '$function deep in the filter',
      { filter: { $and: [{ oui: { $function: {} } }] }, add: ['x'] },
      'filter.$and[0].oui.$function',
    ],
    ['no tag to change', { filter: {} }, 'add'],
    ['a filter that is not an object', { filter: 'all', add: ['x'] }, 'filter'],
    ['an unknown field in the body', { filter: {}, add: ['x'], everything: true }, 'everything'],
  ])('answers 400 naming the field for %s, changing nothing', async (_, body, field) => {
    const response = await nbi.request('POST', '/api/v1/tags', { key: nbi.keys.operator, body });
    expect(response).toMatchObject({ status: 400, body: { error: 'validation-failed', field } });
    expect(await tagsOf('00D09E-F670L-TAG3')).toEqual([]);
  });

  it('answers 409 when a device would hold too many tags', async () => {
    const many = Array.from({ length: 100 }, (_, i) => `t${i}`);
    const filled = await nbi.request('POST', '/api/v1/tags', {
      key: nbi.keys.operator,
      body: { filter: { deviceId: '00D09E-F670L-TAG3' }, add: many },
    });
    expect(filled.status).toBe(200);
    const oneMore = await nbi.request('PUT', '/api/v1/devices/00D09E-F670L-TAG3/tags/t100', {
      key: nbi.keys.operator,
    });
    expect(oneMore).toMatchObject({ status: 409, body: { error: 'too-many-tags' } });
    expect(await tagsOf('00D09E-F670L-TAG3')).toHaveLength(100);
  });
});
