import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AcsEvent, FirmwareEvent } from '@acs/contracts';
import {
  openEmbeddedFirmwareStores,
  type FirmwareStores,
  type MatchedDevices,
} from '@acs/firmware-data-access';
import type { CampaignPlan } from '@acs/firmware-domain';
import { ManualClock } from '@acs/testing';
import { AdvanceCampaigns } from './advance-campaigns';
import { ControlCampaign } from './control-campaign';
import { CreateCampaign } from './create-campaign';
import { InFlightDevices } from './device-moves';
import type { CampaignPorts, DownloadTaskRequest } from './ports';
import { RecordCampaignSignal } from './record-campaign-signal';

/**
 * The engine over the embedded stores, with provisioning and inventory replaced by what they
 * would publish: each test plays the CPE's side by handing the engine acs.events.
 */
describe('the campaign engine', () => {
  let dir: string;
  let stores: FirmwareStores;
  let clock: ManualClock;
  let queued: Array<DownloadTaskRequest & { taskId: string }>;
  let events: FirmwareEvent[];
  let ports: CampaignPorts;
  let advance: AdvanceCampaigns;
  let record: RecordCampaignSignal;
  const fleet = (count: number) =>
    Array.from({ length: count }, (_, i) => ({
      deviceId: `0253AC-GW-${String(i).padStart(3, '0')}`,
      facts: { oui: '0253AC', productClass: i % 4 === 3 ? 'GWB' : 'GWA', softwareVersion: '2.0' },
    }));
  let devices: MatchedDevices['devices'];

  const plan: CampaignPlan = {
    mode: 'passive',
    canary: { count: 2, soakSeconds: 60 },
    waves: { kind: 'equal', count: 2 },
    maxInFlight: 4,
    maxPerMinute: 100,
    stopRules: [{ kind: 'ratio', failures: 'any', over: 4, atLeast: 0.5 }],
    retries: { max: 1, backoffSeconds: 30 },
    confirmTimeoutSeconds: 600,
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'campaign-engine-'));
    clock = new ManualClock('2026-12-07T10:00:00.000Z');
    stores = openEmbeddedFirmwareStores(dir, { now: clock.now });
    queued = [];
    events = [];
    devices = fleet(12);
    let task = 0;
    ports = {
      campaigns: stores.campaigns,
      images: stores.images,
      devices: {
        factsOf: async () => null,
        models: async () => [],
        matching: async (filter) => {
          const ids = ((filter['deviceId'] as { $in?: string[] } | undefined)?.$in ??
            []) as string[];
          return { devices: devices.filter((d) => ids.includes(d.deviceId)), truncated: false };
        },
      },
      tasks: {
        queue: async (request) => {
          const taskId = `task-${++task}`;
          queued.push({ ...request, taskId });
          return { taskId };
        },
        // The rollout queues only Downloads: anything else is a mistake here.
        queueTask: async (request) => {
          throw new Error(`unexpected ${request.task.type} task`);
        },
      },
      links: { urlFor: (fileId, deviceId) => `http://files.test/files/${fileId}?d=${deviceId}` },
      events: { publish: async (event) => void events.push(event) },
      log: { info: () => undefined, warn: () => undefined, error: (m, f) => console.error(m, f) },
      now: clock.now,
    };
    const inFlight = new InFlightDevices();
    advance = new AdvanceCampaigns(ports, inFlight);
    record = new RecordCampaignSignal(ports, inFlight);
  });
  afterEach(async () => {
    await stores.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function image(): Promise<string> {
    const created = await stores.images.create({
      version: '2.1',
      fileType: '1 Firmware Upgrade Image',
      rules: { ouis: ['0253AC'], appliesOver: '2.x' },
    });
    await stores.images.recordContent(created.id, {
      fileId: 'file-1',
      size: 1000,
      sha256: 'a'.repeat(64),
      storedAt: clock.now(),
    });
    return created.id;
  }

  async function create(overrides: Partial<CampaignPlan> = {}) {
    const imageId = await image();
    return new CreateCampaign(ports).execute({
      name: 'GW 2.1',
      imageId,
      target: { kind: 'devices', deviceIds: devices.map((d) => d.deviceId) },
      plan: { ...plan, ...overrides },
    });
  }

  const base = (deviceId: string) => ({
    schemaVersion: 1 as const,
    eventId: `e-${Math.random()}`,
    deviceId,
    occurredAt: clock.now().toISOString(),
  });

  /** What provisioning and inventory publish for a device that took its Download and came back. */
  async function upgraded(request: DownloadTaskRequest & { taskId: string }, version = '2.1') {
    const events: AcsEvent[] = [
      {
        ...base(request.deviceId),
        type: 'TransferAccepted',
        taskId: request.taskId,
        taskType: 'download',
        attempt: 1,
        commandKey: request.commandKey,
      },
      {
        ...base(request.deviceId),
        type: 'DeviceBooted',
        eventCodes: ['1 BOOT', 'M Download'],
        softwareVersion: version,
      },
      {
        ...base(request.deviceId),
        type: 'TransferCompleted',
        commandKey: request.commandKey,
        taskId: request.taskId,
        autonomous: false,
        faultCode: 0,
        faultString: '',
        startTime: null,
        completeTime: null,
      },
    ];
    for (const event of events) await record.execute(event);
  }

  async function failed(request: DownloadTaskRequest & { taskId: string }, faultCode = 9010) {
    await record.execute({
      ...base(request.deviceId),
      type: 'TransferCompleted',
      commandKey: request.commandKey,
      taskId: request.taskId,
      autonomous: false,
      faultCode,
      faultString: 'Download failure',
      startTime: null,
      completeTime: null,
    });
  }

  const state = async (id: string) => (await stores.campaigns.get(id))?.state;
  const counts = async (id: string) =>
    Object.fromEntries(
      (await stores.campaigns.counts(id)).reduce(
        (map, c) => map.set(c.state, (map.get(c.state) ?? 0) + c.count),
        new Map<string, number>(),
      ),
    );

  it('starts the canary, soaks, then runs the waves within the in-flight limit to completion', async () => {
    const { campaign } = await create();
    expect(campaign.waveSizes).toEqual([2, 5, 5]);
    expect(events.map((e) => e.type)).toEqual(['CampaignStarted']);
    await advance.execute();
    expect(queued).toHaveLength(2);
    expect(queued[0]).toMatchObject({
      connectionRequest: false,
      fileSize: 1000,
      fileType: '1 Firmware Upgrade Image',
    });
    expect(queued[0]?.url).toContain('/files/file-1');
    expect(queued[0]?.commandKey).toMatch(/^fw-[0-9a-f]{16}-1$/);
    await advance.execute();
    expect(queued).toHaveLength(2); // the canary only
    for (const request of queued) await upgraded(request);
    expect(await counts(campaign.id)).toMatchObject({ confirmed: 2, pending: 10 });
    await advance.execute(); // the canary ended: soak
    await advance.execute();
    expect(queued).toHaveLength(2);
    clock.advance(60_000);
    await advance.execute();
    expect(queued).toHaveLength(6); // wave 1, at most 4 in flight
    while ((await state(campaign.id)) === 'running') {
      for (const request of queued.splice(0)) await upgraded(request);
      clock.advance(1_000);
      await advance.execute();
    }
    expect(await state(campaign.id)).toBe('completed');
    expect(await counts(campaign.id)).toEqual({ confirmed: 12 });
    expect(events.filter((e) => e.type === 'DeviceFirmwareConfirmed')).toHaveLength(12);
    expect(events.at(-1)).toMatchObject({
      type: 'CampaignCompleted',
      state: 'completed',
      confirmed: 12,
      failed: 0,
    });
    expect(await stores.campaigns.activeMembership(devices[0]?.deviceId ?? '')).toBeNull();
  });

  it('retries a failure that may pass with a new CommandKey, and fails one that would come again', async () => {
    const { campaign } = await create({ canary: { count: 2, soakSeconds: 0 } });
    await advance.execute();
    const [first, second] = queued.splice(0);
    if (!first || !second) throw new Error('expected two Downloads');
    await failed(first, 9010);
    await failed(second, 9018);
    const retried = await stores.campaigns.device(campaign.id, first.deviceId);
    expect(retried).toMatchObject({ state: 'pending', attempts: 1, failure: { code: '9010' } });
    expect(await stores.campaigns.device(campaign.id, second.deviceId)).toMatchObject({
      state: 'failed',
      failure: { code: '9018' },
    });
    await advance.execute();
    expect(queued).toHaveLength(0); // backing off
    clock.advance(30_000);
    await advance.execute();
    expect(queued.map((q) => [q.deviceId, q.commandKey.endsWith('-2')])).toEqual([
      [first.deviceId, true],
    ]);
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'DeviceFirmwareFailed',
        deviceId: second.deviceId,
        code: '9018',
        failureKind: 'confirmed',
      }),
    );
  });

  it('pauses on a fractional stop rule naming the failed devices, and resumes from there after an exclusion', async () => {
    const { campaign } = await create({
      canary: { count: 4, soakSeconds: 0 },
      retries: { max: 0, backoffSeconds: 1 },
    });
    await advance.execute();
    const canary = queued.splice(0);
    for (const [i, request] of canary.entries()) {
      if (i < 2) await failed(request);
      else await upgraded(request);
    }
    await advance.execute();
    const paused = await stores.campaigns.get(campaign.id);
    expect(paused).toMatchObject({ state: 'paused', pause: { by: 'rule', ruleIndex: 0 } });
    expect(paused?.pause?.by === 'rule' && [...paused.pause.devices].sort()).toEqual(
      canary
        .slice(0, 2)
        .map((r) => r.deviceId)
        .sort(),
    );
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'CampaignPaused',
        pausedBy: 'rule',
        devices: expect.any(Array),
      }),
    );
    await advance.execute();
    expect(queued).toHaveLength(0); // paused: nothing starts

    const control = new ControlCampaign(ports);
    await control.execute(campaign.id, { action: 'exclude', productClasses: ['GWB'] });
    await control.execute(campaign.id, { action: 'resume' });
    await advance.execute();
    // The failures that paused it were seen: the rule looks only at what finished since.
    expect(await state(campaign.id)).toBe('running');
    expect(queued.length).toBeGreaterThan(0);
    expect(
      queued.every(
        (q) => !q.deviceId.endsWith('3') && !q.deviceId.endsWith('7') && !q.deviceId.endsWith('11'),
      ),
    ).toBe(true);
  });

  it('fails a device that came back on its old version, and times out one that never came back', async () => {
    const { campaign } = await create({
      canary: { count: 2, soakSeconds: 0 },
      retries: { max: 0, backoffSeconds: 1 },
    });
    await advance.execute();
    const [old, silent] = queued.splice(0);
    if (!old || !silent) throw new Error('expected two Downloads');
    await upgraded(old, '2.0');
    expect(await stores.campaigns.device(campaign.id, old.deviceId)).toMatchObject({
      state: 'failed',
      failure: { code: 'version-unchanged' },
    });
    clock.advance(600_000);
    await advance.execute();
    expect(await stores.campaigns.device(campaign.id, silent.deviceId)).toMatchObject({
      state: 'failed',
      failure: { kind: 'unconfirmed' },
    });
  });

  it('refuses a campaign whose image applies to none of its devices, and a device already in one', async () => {
    devices = fleet(12).map((d) => ({ ...d, facts: { ...d.facts, softwareVersion: '1.0' } }));
    await expect(create()).rejects.toMatchObject({
      code: 'campaign-not-applicable',
      reasons: { 'not-over-current': 12 },
    });
    devices = fleet(12);
    await create();
    await expect(create()).rejects.toMatchObject({ code: 'devices-in-other-campaign' });
  });

  it('pauses, cancels and changes the rate at an operator’s word', async () => {
    const { campaign } = await create();
    const control = new ControlCampaign(ports);
    await expect(control.execute(campaign.id, { action: 'resume' })).rejects.toMatchObject({
      code: 'campaign-state-conflict',
    });
    await control.execute(campaign.id, { action: 'pause', note: 'change freeze' });
    await advance.execute();
    expect(queued).toHaveLength(0);
    expect(
      (await control.execute(campaign.id, { action: 'limits', maxInFlight: 1 })).plan.maxInFlight,
    ).toBe(1);
    await control.execute(campaign.id, { action: 'resume' });
    await advance.execute();
    expect(queued).toHaveLength(1);
    await control.execute(campaign.id, { action: 'cancel' });
    expect(events.at(-1)).toMatchObject({
      type: 'CampaignCompleted',
      state: 'cancelled',
      notReached: 12,
    });
  });
});
