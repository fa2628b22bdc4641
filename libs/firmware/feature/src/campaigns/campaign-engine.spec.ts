import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TOPICS, type AcsEvent, type NewTask } from '@acs/contracts';
import {
  openEmbeddedFirmwareStores,
  type CampaignStore,
  type FirmwareStores,
} from '@acs/firmware-data-access';
import { CampaignEngine } from './campaign-engine';

/**
 * The engine's acs.events handler: events of devices in no rollout or rollback cost no store
 * read, and a rollback's read of the banks is routed once its TaskCompleted comes.
 */
describe('the campaign engine on acs.events', () => {
  let dir: string;
  let stores: FirmwareStores;
  let reads: number;
  let tasks: Array<{ deviceId: string; task: NewTask }>;
  let engine: CampaignEngine;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'campaign-engine-feature-'));
    stores = openEmbeddedFirmwareStores(dir);
    reads = 0;
    tasks = [];
    // Counts the per-event reads (the turn's own are not what is measured).
    const counted: CampaignStore = Object.create(stores.campaigns) as CampaignStore;
    counted.activeMembership = (deviceId) => {
      reads += 1;
      return stores.campaigns.activeMembership(deviceId);
    };
    engine = new CampaignEngine(
      {
        campaigns: counted,
        images: stores.images,
        devices: {
          factsOf: async () => null,
          models: async () => [],
          matching: async () => ({ devices: [], truncated: false }),
        },
        tasks: {
          queue: async () => ({ taskId: 'download' }),
          queueTask: async (request) => {
            tasks.push(request);
            return { taskId: `task-${tasks.length}` };
          },
        },
        links: { urlFor: () => 'http://files.test/f' },
        events: { publish: async () => undefined },
        log: { info: () => undefined, warn: () => undefined, error: () => undefined },
        now: () => new Date(),
      },
      { tickMs: 60_000 },
    );
  });
  afterEach(async () => {
    await engine.stop();
    await stores.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const message = (event: AcsEvent) => ({
    topic: TOPICS.events,
    partition: 0,
    offset: '0',
    key: 'deviceId' in event ? event.deviceId : null,
    value: JSON.stringify(event),
  });
  const base = (deviceId: string) => ({
    schemaVersion: 1 as const,
    eventId: `e-${Math.random()}`,
    deviceId,
    occurredAt: new Date().toISOString(),
  });
  const readDone = (deviceId: string, taskId: string): AcsEvent => ({
    ...base(deviceId),
    type: 'TaskCompleted',
    taskId,
    taskType: 'getParameterValues',
    attempt: 1,
    result: {
      values: [
        { name: 'Device.DeviceInfo.FirmwareImage.1.Version', type: 'xsd:string', value: '2.0' },
        {
          name: 'Device.DeviceInfo.FirmwareImage.1.Status',
          type: 'xsd:string',
          value: 'Available',
        },
      ],
    },
  });

  it('reads nothing for devices it does not wait for, and routes a rollback on its read', async () => {
    const campaign = await stores.campaigns.create(
      {
        name: 'GW 2.1',
        imageId: 'image-1',
        targetVersion: '2.1',
        target: { kind: 'devices', deviceIds: ['gw-1'] },
        plan: {
          mode: 'active',
          waves: { kind: 'equal', count: 1 },
          maxInFlight: 5,
          maxPerMinute: 5,
          stopRules: [],
          retries: { max: 0, backoffSeconds: 1 },
          confirmTimeoutSeconds: 600,
        },
        state: 'paused',
        pause: { by: 'operator', at: new Date().toISOString() },
        waveSizes: [1],
        currentWave: 0,
      },
      [
        {
          deviceId: 'gw-1',
          wave: 0,
          imageId: 'image-1',
          fromVersion: '2.0',
          state: 'rollback-pending',
          attempts: 1,
          rollback: {
            scope: 'all',
            requestedAt: new Date().toISOString(),
            from: 'confirmed',
            toVersion: '2.0',
          },
        },
      ],
    );
    await engine.start(); // the turn begins the rollback: the banks' read is queued
    expect(tasks.map((t) => [t.deviceId, t.task.type])).toEqual([['gw-1', 'getParameterValues']]);

    await engine.handleEvents([
      message({
        ...base('other'),
        type: 'DeviceCameOnline',
        onlineUntil: new Date().toISOString(),
      }),
      message({
        ...base('other'),
        type: 'DeviceBooted',
        eventCodes: ['1 BOOT'],
        softwareVersion: '1',
      }),
      message(readDone('other', 'task-x')),
    ]);
    expect(reads).toBe(0);

    await engine.handleEvents([message(readDone('gw-1', 'task-1'))]);
    expect(reads).toBe(1);
    expect(tasks.map((t) => t.task.type)).toEqual([
      'getParameterValues',
      'setParameterValues',
      'reboot',
    ]);
    expect(await stores.campaigns.device(campaign.id, 'gw-1')).toMatchObject({
      state: 'rolling-back',
      rollback: { method: 'bank-switch', bank: 'Device.DeviceInfo.FirmwareImage.1' },
    });
  });
});
