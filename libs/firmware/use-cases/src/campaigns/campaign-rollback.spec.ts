import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AcsEvent, FirmwareEvent, NewTask } from '@acs/contracts';
import { openEmbeddedFirmwareStores, type FirmwareStores } from '@acs/firmware-data-access';
import type { CampaignPlan } from '@acs/firmware-domain';
import { ManualClock } from '@acs/testing';
import { AdvanceCampaigns } from './advance-campaigns';
import { ControlCampaign } from './control-campaign';
import { CreateCampaign } from './create-campaign';
import { InFlightDevices } from './device-moves';
import type { CampaignPorts, DownloadTaskRequest } from './ports';
import { RecordCampaignSignal } from './record-campaign-signal';

const TABLE = 'Device.DeviceInfo.FirmwareImage.';

/**
 * Rollbacks through the engine over the embedded stores: each test plays provisioning's and the
 * CPE's side by handing the engine the acs.events they would publish.
 */
describe('rolling a campaign back', () => {
  let dir: string;
  let stores: FirmwareStores;
  let clock: ManualClock;
  let downloads: Array<DownloadTaskRequest & { taskId: string }>;
  let tasks: Array<{ deviceId: string; task: NewTask; taskId: string }>;
  let events: FirmwareEvent[];
  let ports: CampaignPorts;
  let advance: AdvanceCampaigns;
  let record: RecordCampaignSignal;
  let control: ControlCampaign;
  const fleet = Array.from({ length: 4 }, (_, i) => ({
    deviceId: `0253AC-GW-${i}`,
    facts: { oui: '0253AC', productClass: 'GWA', softwareVersion: '2.0' },
  }));

  const plan: CampaignPlan = {
    mode: 'active',
    waves: { kind: 'equal', count: 2 },
    maxInFlight: 10,
    maxPerMinute: 100,
    stopRules: [],
    retries: { max: 0, backoffSeconds: 30 },
    confirmTimeoutSeconds: 600,
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'campaign-rollback-'));
    clock = new ManualClock('2026-12-07T10:00:00.000Z');
    stores = openEmbeddedFirmwareStores(dir, { now: clock.now });
    downloads = [];
    tasks = [];
    events = [];
    let task = 0;
    ports = {
      campaigns: stores.campaigns,
      images: stores.images,
      devices: {
        factsOf: async (id) => fleet.find((d) => d.deviceId === id)?.facts ?? null,
        models: async () => [],
        matching: async () => ({ devices: fleet, truncated: false }),
      },
      tasks: {
        queue: async (request) => {
          const taskId = `task-${++task}`;
          downloads.push({ ...request, taskId });
          return { taskId };
        },
        queueTask: async (request) => {
          const taskId = `task-${++task}`;
          tasks.push({ ...request, taskId });
          return { taskId };
        },
      },
      links: { urlFor: (fileId, deviceId) => `http://files.test/files/${fileId}?d=${deviceId}` },
      events: { publish: async (event) => void events.push(event) },
      log: { info: () => undefined, warn: () => undefined, error: () => undefined },
      now: clock.now,
    };
    const inFlight = new InFlightDevices();
    advance = new AdvanceCampaigns(ports, inFlight);
    record = new RecordCampaignSignal(ports, inFlight);
    control = new ControlCampaign(ports);
  });
  afterEach(async () => {
    await stores.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function image(version: string, appliesOver?: string): Promise<string> {
    const created = await stores.images.create({
      version,
      fileType: '1 Firmware Upgrade Image',
      rules: { ouis: ['0253AC'], ...(appliesOver ? { appliesOver } : {}) },
    });
    await stores.images.recordContent(created.id, {
      fileId: `file-${version}`,
      size: 1000,
      sha256: 'a'.repeat(64),
      storedAt: clock.now(),
    });
    return created.id;
  }

  const base = (deviceId: string) => ({
    schemaVersion: 1 as const,
    eventId: `e-${Math.random()}`,
    deviceId,
    occurredAt: clock.now().toISOString(),
  });

  const booted = (deviceId: string, version: string, codes: string[]): AcsEvent => ({
    ...base(deviceId),
    type: 'DeviceBooted',
    eventCodes: ['1 BOOT', ...codes],
    softwareVersion: version,
  });

  /** A campaign to 2.1 whose first wave (two devices) confirmed, or failed, and is then paused. */
  async function pausedAfterFirstWave(outcome: 'confirmed' | 'failed' = 'confirmed') {
    const { campaign } = await new CreateCampaign(ports).execute({
      name: 'GW 2.1',
      imageId: await image('2.1', '2.x'),
      target: { kind: 'devices', deviceIds: fleet.map((d) => d.deviceId) },
      plan,
    });
    await advance.execute();
    const wave = downloads.splice(0);
    expect(wave).toHaveLength(2);
    for (const request of wave)
      await record.execute(
        outcome === 'confirmed'
          ? booted(request.deviceId, '2.1', ['M Download'])
          : {
              ...base(request.deviceId),
              type: 'TransferCompleted',
              commandKey: request.commandKey,
              taskId: request.taskId,
              autonomous: false,
              faultCode: 9010,
              faultString: 'Download failure',
              startTime: null,
              completeTime: null,
            },
      );
    await control.execute(campaign.id, { action: 'pause' });
    return { id: campaign.id, wave: wave.map((request) => request.deviceId) };
  }

  const device = async (id: string, deviceId: string) => stores.campaigns.device(id, deviceId);
  const completed = (task: { deviceId: string; taskId: string }, values: unknown[]): AcsEvent => ({
    ...base(task.deviceId),
    type: 'TaskCompleted',
    taskId: task.taskId,
    taskType: 'getParameterValues',
    attempt: 1,
    result: { values },
  });
  const banks = (active: string, other: string) => [
    { name: `${TABLE}1.Version`, type: 'xsd:string', value: other },
    { name: `${TABLE}1.Status`, type: 'xsd:string', value: 'Available' },
    { name: `${TABLE}1.Available`, type: 'xsd:boolean', value: true },
    { name: `${TABLE}2.Version`, type: 'xsd:string', value: active },
    { name: `${TABLE}2.Status`, type: 'xsd:string', value: 'Active' },
    { name: `${TABLE}2.Available`, type: 'xsd:boolean', value: true },
  ];

  it('is refused unless the campaign is paused, and when no device qualifies', async () => {
    const { campaign } = await new CreateCampaign(ports).execute({
      name: 'GW 2.1',
      imageId: await image('2.1', '2.x'),
      target: { kind: 'devices', deviceIds: fleet.map((d) => d.deviceId) },
      plan,
    });
    await expect(
      control.execute(campaign.id, { action: 'rollback', devices: 'all' }),
    ).rejects.toMatchObject({ code: 'campaign-state-conflict' });
    await control.execute(campaign.id, { action: 'pause' });
    await expect(
      control.execute(campaign.id, { action: 'rollback', devices: 'all' }),
    ).rejects.toMatchObject({ code: 'nothing-to-roll-back' });
  });

  it('boots the bank that holds the previous version on dual-bank devices, and confirms by the boot', async () => {
    const { id, wave } = await pausedAfterFirstWave();
    await expect(
      control.execute(id, { action: 'rollback', devices: 'failed' }),
    ).rejects.toMatchObject({ code: 'nothing-to-roll-back' });
    const paused = await control.execute(id, { action: 'rollback', devices: 'all', note: 'LAN' });
    expect(paused.state).toBe('paused');
    expect(await device(id, wave[0] ?? '')).toMatchObject({
      state: 'rollback-pending',
      rollback: { scope: 'all', from: 'confirmed', toVersion: '2.0', note: 'LAN' },
    });

    await advance.execute();
    expect(tasks.map((t) => [t.deviceId, t.task])).toEqual(
      wave.map((deviceId) => [
        deviceId,
        {
          type: 'getParameterValues',
          payload: { parameterNames: [TABLE] },
          connectionRequest: true,
          expiresInSeconds: 600,
          maxAttempts: 3,
        },
      ]),
    );
    await advance.execute();
    expect(tasks).toHaveLength(2); // each device's banks are read once
    const reads = tasks.splice(0);
    for (const read of reads) await record.execute(completed(read, banks('2.1', '2.0')));
    expect(tasks.map((t) => t.task)).toEqual([
      expect.objectContaining({
        type: 'setParameterValues',
        payload: {
          values: [
            { name: 'Device.DeviceInfo.BootFirmwareImage', value: `${TABLE}1`, type: 'string' },
          ],
        },
        maxAttempts: 1,
      }),
      expect.objectContaining({ type: 'reboot', payload: { commandKey: expect.any(String) } }),
      expect.objectContaining({ type: 'setParameterValues' }),
      expect.objectContaining({ type: 'reboot' }),
    ]);
    const [first, second] = wave;
    if (!first || !second) throw new Error('expected two devices');
    expect(await device(id, first)).toMatchObject({
      state: 'rolling-back',
      rollback: { method: 'bank-switch', bank: `${TABLE}1`, fromVersion: '2.1' },
    });

    // A boot before the reboot says nothing; the reboot's brings the verdict.
    await record.execute(booted(first, '2.1', []));
    expect((await device(id, first))?.state).toBe('rolling-back');
    await record.execute(booted(first, '2.0', ['M Reboot']));
    await record.execute(booted(second, '2.1', ['M Reboot']));
    expect(await device(id, first)).toMatchObject({ state: 'rolled-back' });
    expect(await device(id, second)).toMatchObject({
      state: 'rollback-failed',
      rollback: { failure: { code: 'wrong-version' } },
    });
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'DeviceFirmwareRolledBack',
        deviceId: first,
        method: 'bank-switch',
        fromVersion: '2.1',
        toVersion: '2.0',
        bank: `${TABLE}1`,
      }),
    );
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'DeviceFirmwareRollbackFailed',
        deviceId: second,
        code: 'wrong-version',
      }),
    );
    expect((await stores.campaigns.get(id))?.state).toBe('paused');

    await control.execute(id, { action: 'cancel' });
    expect(events.at(-1)).toMatchObject({
      type: 'CampaignCompleted',
      state: 'cancelled',
      rolledBack: 1,
      rollbackFailed: 1,
      notReached: 2,
    });
  });

  it("downgrades a device without banks to the library's previous image, or fails without one", async () => {
    const { id, wave } = await pausedAfterFirstWave('failed');
    const [first, second] = wave;
    if (!first || !second) throw new Error('expected two devices');
    await control.execute(id, { action: 'rollback', devices: 'failed' });
    await advance.execute();
    const reads = tasks.splice(0);
    // No image of 2.0 yet: the first device's rollback fails for want of it.
    const noBanks = (read: { deviceId: string; taskId: string }): AcsEvent => ({
      ...base(read.deviceId),
      type: 'TaskFailed',
      taskId: read.taskId,
      taskType: 'getParameterValues',
      attempt: 1,
      fault: { code: '9005', message: 'Invalid parameter name' },
    });
    await record.execute(noBanks(reads[0] ?? { deviceId: '', taskId: '' }));
    expect(await device(id, first)).toMatchObject({
      state: 'rollback-failed',
      rollback: { method: 'downgrade', failure: { code: 'no-previous-image' } },
    });
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'DeviceFirmwareRollbackFailed', code: 'no-previous-image' }),
    );

    // With the image (its rules allow no downgrade: a rollback goes back all the same).
    await image('2.0', '1.x');
    // A read whose banks do not hold 2.0 any more is a downgrade too.
    await record.execute(completed(reads[1] ?? { deviceId: '', taskId: '' }, banks('2.1', '1.9')));
    const [download] = downloads.splice(0);
    expect(download).toMatchObject({
      deviceId: second,
      url: expect.stringContaining('/files/file-2.0'),
      connectionRequest: true,
    });
    expect(download?.commandKey).toMatch(/^fw-[0-9a-f]{16}-rb$/);
    expect(await device(id, second)).toMatchObject({
      state: 'rolling-back',
      failure: { code: '9010' }, // the rollout's failure stays on record
      rollback: { method: 'downgrade', commandKey: download?.commandKey },
    });
    await record.execute({
      ...base(second),
      type: 'TransferCompleted',
      commandKey: download?.commandKey ?? '',
      taskId: download?.taskId ?? '',
      autonomous: false,
      faultCode: 0,
      faultString: '',
      startTime: null,
      completeTime: null,
    });
    expect((await device(id, second))?.state).toBe('rolling-back');
    await record.execute(booted(second, '2.0', ['M Download']));
    expect(await device(id, second)).toMatchObject({ state: 'rolled-back' });
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'DeviceFirmwareRolledBack',
        deviceId: second,
        method: 'downgrade',
        toVersion: '2.0',
      }),
    );
  });

  it('fails on a fault of its set, and times out a device that never came back', async () => {
    const { id, wave } = await pausedAfterFirstWave();
    const [first, second] = wave;
    if (!first || !second) throw new Error('expected two devices');
    await control.execute(id, { action: 'rollback', devices: 'all' });
    await advance.execute();
    for (const read of tasks.splice(0)) await record.execute(completed(read, banks('2.1', '2.0')));
    const set = tasks.find((t) => t.deviceId === first && t.task.type === 'setParameterValues');
    await record.execute({
      ...base(first),
      type: 'TaskFailed',
      taskId: set?.taskId ?? '',
      taskType: 'setParameterValues',
      attempt: 1,
      fault: { code: '9007', message: 'Invalid parameter value' },
    });
    expect(await device(id, first)).toMatchObject({
      state: 'rollback-failed',
      rollback: { failure: { code: '9007' } },
    });
    clock.advance(600_000);
    await advance.execute();
    expect(await device(id, second)).toMatchObject({
      state: 'rollback-failed',
      rollback: { failure: { code: 'no-return' } },
    });
  });
});
