import { startTestNbi, type TestNbi } from '../test-support/nbi-test-app';

/**
 * The campaign routes on the test API (every answer is held to the OpenAPI document): making a
 * campaign, the refusals, the operator's actions, and what is listed. The rollout itself is the
 * engine's (apps/acs firmware-campaign e2e).
 */
describe('firmware campaigns API', () => {
  let nbi: TestNbi;
  let imageId: string;
  const devices = ['00D09E-HG8245-C1', '00D09E-HG8245-C2', '00D09E-HG8245-C3'];
  const plan = {
    mode: 'active',
    canary: { count: 1, soakSeconds: 60 },
    waves: { kind: 'equal', count: 2 },
    maxInFlight: 10,
    maxPerMinute: 60,
    stopRules: [{ kind: 'count', failures: 'any', atLeast: 2 }],
    retries: { max: 1, backoffSeconds: 60 },
    confirmTimeoutSeconds: 1800,
  };

  beforeAll(async () => {
    nbi = await startTestNbi({ firmware: { maxImageBytes: 1024 } });
    await nbi.seed(...devices.map((deviceId) => ({ deviceId, softwareVersion: '1.0' })), {
      deviceId: '00D09E-HG8245-NEW',
      softwareVersion: '2.0',
    });
    const created = await nbi.request('POST', '/api/v1/firmware/images', {
      key: nbi.keys.operator,
      body: { version: '2.0', fileType: '1 Firmware Upgrade Image', rules: { ouis: ['00D09E'] } },
    });
    imageId = (created.body as { id: string }).id;
    const stored = await fetch(`${nbi.app.url}/api/v1/firmware/images/${imageId}/content`, {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${nbi.keys.operator}`,
        'content-type': 'application/octet-stream',
      },
      body: Buffer.alloc(512, 1),
    });
    expect(stored.status).toBe(200);
  }, 30_000);
  afterAll(() => nbi.close());

  const create = (body: Record<string, unknown>, key = nbi.keys.operator) =>
    nbi.request('POST', '/api/v1/firmware/campaigns', {
      key,
      body: { name: 'HG8245 2.0', imageId, plan, ...body },
    });

  it('makes a campaign of the devices the image applies to, reporting the others', async () => {
    const created = await create({
      target: { kind: 'devices', deviceIds: [...devices, '00D09E-HG8245-NEW'] },
      start: 'manual',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      devices: 3,
      skipped: { byReason: { 'already-current': 1 } },
      campaign: {
        state: 'scheduled',
        waveSizes: [1, 1, 1],
        devices: { pending: 3, confirmed: 0 },
      },
    });
    const id = (created.body as { campaign: { id: string } }).campaign.id;
    expect(nbi.firmwareEvents).toEqual([]); // not started: nothing announced

    const act = (body: unknown, key = nbi.keys.operator) =>
      nbi.request('POST', `/api/v1/firmware/campaigns/${id}/actions`, { key, body });
    expect((await act({ action: 'start' })).body).toMatchObject({ state: 'running' });
    expect((await act({ action: 'resume' })).status).toBe(409);
    expect((await act({ action: 'limits', maxPerMinute: 5 })).body).toMatchObject({
      plan: { maxPerMinute: 5 },
    });
    expect((await act({ action: 'pause', note: 'freeze' })).body).toMatchObject({
      state: 'paused',
      pause: { by: 'operator', note: 'freeze' },
    });
    expect((await act({ action: 'pause' }, nbi.keys['read-only'])).status).toBe(403);
    expect(nbi.firmwareEvents.map((event) => event.type)).toEqual([
      'CampaignStarted',
      'CampaignPaused',
    ]);

    const listed = await nbi.request('GET', '/api/v1/firmware/campaigns?state=paused', {
      key: nbi.keys['read-only'],
    });
    expect(listed.body).toMatchObject({ total: 1, campaigns: [{ id, state: 'paused' }] });
    const members = await nbi.request('GET', `/api/v1/firmware/campaigns/${id}/devices?limit=2`, {
      key: nbi.keys['read-only'],
    });
    expect((members.body as { devices: unknown[] }).devices).toEqual([
      expect.objectContaining({ deviceId: devices[0], state: 'pending', attempts: 0 }),
      expect.objectContaining({ deviceId: devices[1], state: 'pending' }),
    ]);

    // A device in a campaign that has not ended joins no other; the image cannot go meanwhile.
    const again = await create({ target: { kind: 'devices', deviceIds: [devices[0]] } });
    expect(again).toMatchObject({ status: 409, body: { error: 'devices-in-other-campaign' } });
    const deleted = await nbi.request('DELETE', `/api/v1/firmware/images/${imageId}`, {
      key: nbi.keys.operator,
    });
    expect(deleted).toMatchObject({ status: 409, body: { error: 'image-in-use' } });

    expect((await act({ action: 'cancel' })).body).toMatchObject({ state: 'cancelled' });
    expect(nbi.firmwareEvents.at(-1)).toMatchObject({
      type: 'CampaignCompleted',
      state: 'cancelled',
      notReached: 3,
    });
  });

  it('rolls a paused campaign back: refused unless paused or when no device qualifies, then shown per device', async () => {
    const created = await create({ target: { kind: 'devices', deviceIds: devices } });
    const id = (created.body as { campaign: { id: string } }).campaign.id;
    const act = (body: unknown, key = nbi.keys.operator) =>
      nbi.request('POST', `/api/v1/firmware/campaigns/${id}/actions`, { key, body });
    expect(await act({ action: 'rollback', devices: 'all' })).toMatchObject({
      status: 409,
      body: { error: 'campaign-state-conflict' },
    });
    expect((await act({ action: 'pause' })).status).toBe(200);
    const nothing = await act({ action: 'rollback', devices: 'failed' });
    expect(nothing).toMatchObject({ status: 422, body: { error: 'nothing-to-roll-back' } });
    expect((nothing.body as { message: string }).message).toContain('no device failed');
    expect((await act({ action: 'rollback', devices: 'some' })).status).toBe(400);

    // What the engine would have done: one device confirmed, one failed.
    const { campaigns } = nbi.firmwareStores;
    const at = new Date().toISOString();
    const [confirmed, failed] = devices;
    if (!confirmed || !failed) throw new Error('expected devices');
    await campaigns.moveDevice(
      id,
      confirmed,
      { state: 'pending', attempts: 0 },
      { state: 'confirmed', attempts: 1, startedAt: at, finishedAt: at },
    );
    await campaigns.moveDevice(
      id,
      failed,
      { state: 'pending', attempts: 0 },
      {
        state: 'failed',
        attempts: 1,
        startedAt: at,
        finishedAt: at,
        failure: { kind: 'confirmed', code: '9010', message: 'Download failure' },
      },
    );
    expect((await act({ action: 'rollback', devices: 'all' }, nbi.keys['read-only'])).status).toBe(
      403,
    );
    const rolled = await act({ action: 'rollback', devices: 'all', note: 'LAN drops' });
    expect(rolled.status).toBe(200);
    expect(rolled.body).toMatchObject({
      state: 'paused',
      devices: { 'rollback-pending': 2, pending: 1, confirmed: 0, failed: 0, 'rolled-back': 0 },
    });
    const listed = await nbi.request(
      'GET',
      `/api/v1/firmware/campaigns/${id}/devices?state=rollback-pending`,
      { key: nbi.keys['read-only'] },
    );
    expect((listed.body as { devices: unknown[] }).devices).toEqual([
      expect.objectContaining({
        deviceId: confirmed,
        state: 'rollback-pending',
        rollback: expect.objectContaining({
          scope: 'all',
          from: 'confirmed',
          toVersion: '1.0',
          note: 'LAN drops',
        }),
      }),
      expect.objectContaining({
        deviceId: failed,
        failure: expect.objectContaining({ code: '9010' }),
        rollback: expect.objectContaining({ from: 'failed' }),
      }),
    ]);
    // Asked again: those devices are being rolled back already.
    expect((await act({ action: 'rollback', devices: 'all' })).status).toBe(422);
    expect((await act({ action: 'cancel' })).body).toMatchObject({ state: 'cancelled' });
  });

  it('refuses a bad plan naming the field, an image for none of the targets, and unknowns', async () => {
    const bad = await create({
      target: { kind: 'tag', tag: 'lab' },
      plan: { ...plan, canary: { share: 0.1, count: 3, soakSeconds: 0 } },
    });
    expect(bad).toMatchObject({ status: 400, body: { field: 'plan.canary' } });
    const none = await create({ target: { kind: 'devices', deviceIds: ['00D09E-HG8245-NEW'] } });
    expect(none).toMatchObject({ status: 422, body: { error: 'campaign-not-applicable' } });
    expect((none.body as { message: string }).message).toContain('1 already-current');
    const nobody = await create({ target: { kind: 'tag', tag: 'nobody' } });
    expect(nobody).toMatchObject({ status: 400, body: { field: 'target' } });
    const noImage = await create({ imageId: 'nope', target: { kind: 'tag', tag: 'lab' } });
    expect(noImage.status).toBe(404);
    const unknown = await nbi.request('GET', '/api/v1/firmware/campaigns/nope', {
      key: nbi.keys['read-only'],
    });
    expect(unknown).toMatchObject({ status: 404, body: { error: 'campaign-not-found' } });
    const extra = await create({ target: { kind: 'tag', tag: 'lab' }, surprise: true });
    expect(extra.status).toBe(400);
  });

  it('refuses a filter target the device list would refuse, naming the field', async () => {
    // Found by `npm run fuzz:nbi`: started later (manual, or at a time), it was accepted, and then
    // every turn of the campaign failed.
    const refused = await create({
      target: { kind: 'filter', filter: { colour: 'red' } },
      start: 'manual',
    });
    expect(refused).toMatchObject({
      status: 400,
      body: { error: 'validation-failed', field: 'target.filter.colour' },
    });
  });

  it('answers 503 for backups where no file server is reachable', async () => {
    const backups = await nbi.request('GET', `/api/v1/devices/${devices[0]}/backups`, {
      key: nbi.keys['read-only'],
    });
    expect(backups).toMatchObject({ status: 503, body: { error: 'backups-unavailable' } });
  });
});
