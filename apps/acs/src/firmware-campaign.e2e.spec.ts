import { ConsoleLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter, type NestExpressApplication } from '@nestjs/platform-express';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deviceIdOf, type AcsEvent } from '@acs/contracts';
import { nestGatewayLogger } from '@acs/cwmp-gateway';
import { simulatedFirmwareImage, Simulator } from '@acs/cpe-simulator';
import { nestJsonLog } from '@acs/inventory';
import { ensureAdminKey } from '@acs/nbi';
import { eventually, freePort } from '@acs/testing';
import { acsConfigFromEnv } from './acs-config';
import { composeAcs, type AcsParts } from './acs.module';

const OUI = '0253AC';
const GOOD = 'GWA';
const FAILING = 'GWB';

/**
 * A firmware campaign through the whole all-in-one app (gateway, inventory, provisioning, the
 * operator API, the file server and the campaign engine) with simulated CPEs that really fetch
 * the image, reboot into it, or fail: one model of the fleet fails every Download with 9010.
 */
describe('firmware campaigns in the all-in-one app', () => {
  let dataDir: string;
  let parts: AcsParts;
  let app: NestExpressApplication;
  let api: string;
  let key: string;
  const simulators: Simulator[] = [];
  const events: AcsEvent[] = [];

  async function call<T>(method: string, path: string, body?: unknown, raw?: Buffer) {
    const response = await fetch(`${api}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(raw ? { 'content-type': 'application/octet-stream' } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
  }

  /** `read` until `done` holds of what it read (the last read is in the error at the deadline). */
  const until = <T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 60_000) =>
    eventually(async () => {
      const value = await read();
      if (!done(value)) throw new Error(`not yet: ${JSON.stringify(value)}`);
      return value;
    }, ms);

  async function fleet(productClass: string, first: number, devices: number, failing = false) {
    const simulator = new Simulator({
      acsUrl: `http://127.0.0.1:${cwmpPort}/`,
      devices,
      firstOrdinal: first,
      serialPattern: `${productClass}%04d`,
      productClass,
      softwareVersion: '2.0.0',
      periodicIntervalSeconds: 2,
      periodicJitter: 0,
      rebootDelayMs: 100,
      ...(failing ? { firmwareFailures: [{ share: 1, mode: '9010' as const }] } : {}),
    });
    simulators.push(simulator);
    await simulator.start();
    return Array.from({ length: devices }, (_, i) =>
      deviceIdOf({
        oui: OUI,
        productClass,
        serialNumber: `${productClass}${String(first + i).padStart(4, '0')}`,
      }),
    );
  }

  let cwmpPort = 0;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'acs-campaigns-'));
    cwmpPort = await freePort();
    const env = {
      ACS_DATA_DIR: dataDir,
      CWMP_PORT: String(cwmpPort),
      CWMP_HOST: '127.0.0.1',
      CWMP_OPS_PORT: '0',
      NBI_PORT: String(await freePort()),
      NBI_HOST: '127.0.0.1',
      FIRMWARE_FILE_PORT: '0',
      FIRMWARE_FILE_HOST: '127.0.0.1',
      FIRMWARE_CAMPAIGN_TICK_MS: '100',
    };
    const config = acsConfigFromEnv(env);
    const quiet = new ConsoleLogger({ logLevels: ['error', 'fatal'] });
    parts = await composeAcs(config, nestGatewayLogger(quiet), nestJsonLog(quiet));
    parts.bus.subscribe('acs.events', (message) => void events.push(JSON.parse(message.value)));
    app = await NestFactory.create<NestExpressApplication>(parts.module, new ExpressAdapter(), {
      bodyParser: false,
      logger: false,
    });
    await app.listen(config.nbiPort, config.nbiHost);
    api = `http://127.0.0.1:${config.nbiPort}/api/v1`;
    key = (await ensureAdminKey(parts.nbiStores.apiKeys)) ?? '';
  }, 60_000);

  afterAll(async () => {
    for (const simulator of simulators) await simulator.stop();
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  async function image(version: string, ouis = [OUI]): Promise<string> {
    const created = await call<{ id: string }>('POST', '/firmware/images', {
      version,
      fileType: '1 Firmware Upgrade Image',
      rules: { ouis, productClasses: ['GW?'], appliesOver: '2.x' },
    });
    expect(created.status).toBe(201);
    const bytes = simulatedFirmwareImage({ version, size: 256 * 1024 });
    const stored = await call(
      'PUT',
      `/firmware/images/${created.body.id}/content`,
      undefined,
      bytes,
    );
    expect(stored.status).toBe(200);
    return created.body.id;
  }

  const hhmm = (date: Date) => date.toISOString().slice(11, 16);

  it('rolls out in waves, pauses on its stop rule, and completes once the failing model is excluded', async () => {
    const good = await fleet(GOOD, 0, 14);
    const failing = await fleet(FAILING, 100, 6, true);
    const everyone = [...good, ...failing];
    await until(
      () => call<{ total: number }>('GET', '/devices?limit=0&total=true'),
      ({ body }) => body.total === everyone.length,
    );
    const imageId = await image('2.1.0');
    const now = new Date();
    const plan = {
      mode: 'passive',
      canary: { count: 2, soakSeconds: 1 },
      waves: { kind: 'equal', count: 3 },
      maxInFlight: 8,
      maxPerMinute: 600,
      // A window around now, in the devices' own zone (they report none: the fallback's).
      window: {
        start: hhmm(new Date(now.getTime() - 3_600_000)),
        end: hhmm(new Date(now.getTime() + 3_600_000)),
        timeZone: 'device',
        fallbackTimeZone: 'UTC',
      },
      stopRules: [{ kind: 'ratio', failures: 'any', over: 3, atLeast: 0.3 }],
      retries: { max: 0, backoffSeconds: 1 },
      confirmTimeoutSeconds: 60,
    };

    // Refused: an image for no device of the target, then (below) a second campaign on them.
    const foreign = await image('2.1.1', ['AAAAAA']);
    const none = await call<{ error: string; message: string }>('POST', '/firmware/campaigns', {
      name: 'nobody',
      imageId: foreign,
      target: { kind: 'devices', deviceIds: everyone },
      plan,
    });
    expect(none.status).toBe(422);
    expect(none.body.message).toContain(`${everyone.length} not-for-model`);

    const created = await call<{ campaign: { id: string; waveSizes: number[] }; devices: number }>(
      'POST',
      '/firmware/campaigns',
      { name: 'GW to 2.1.0', imageId, target: { kind: 'devices', deviceIds: everyone }, plan },
    );
    expect(created.status).toBe(201);
    expect(created.body.devices).toBe(20);
    expect(created.body.campaign.waveSizes).toEqual([2, 6, 6, 6]);
    const id = created.body.campaign.id;

    const twice = await call('POST', '/firmware/campaigns', {
      name: 'again',
      imageId,
      target: { kind: 'devices', deviceIds: [good[0]] },
      plan,
    });
    expect(twice.status).toBe(409);
    expect((await call('DELETE', `/firmware/images/${imageId}`)).status).toBe(409);

    type View = {
      state: string;
      pause?: { by: string; devices?: string[]; rule?: unknown };
      devices: Record<string, number>;
    };
    const paused = await until(
      () => call<View>('GET', `/firmware/campaigns/${id}`),
      ({ body }) => body.state !== 'running',
      90_000,
    );
    expect(paused.body).toMatchObject({
      state: 'paused',
      pause: { by: 'rule', rule: plan.stopRules[0] },
    });
    expect(paused.body.pause?.devices?.length).toBeGreaterThan(0);
    for (const device of paused.body.pause?.devices ?? []) expect(failing).toContain(device);
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'CampaignPaused', campaignId: id, pausedBy: 'rule' }),
    );

    const excluded = await call('POST', `/firmware/campaigns/${id}/actions`, {
      action: 'exclude',
      productClasses: [FAILING],
      note: 'GWB fails with 9010',
    });
    expect(excluded.status).toBe(200);
    expect(
      (await call('POST', `/firmware/campaigns/${id}/actions`, { action: 'resume' })).status,
    ).toBe(200);

    const ended = await until(
      () => call<View>('GET', `/firmware/campaigns/${id}`),
      ({ body }) => body.state.startsWith('completed'),
      120_000,
    );
    expect(ended.body.state).toBe('completed_with_failures');
    const { devices } = (
      await call<{
        devices: Array<{ deviceId: string; state: string; failure?: { code: string } }>;
      }>('GET', `/firmware/campaigns/${id}/devices?limit=100`)
    ).body;
    expect(devices).toHaveLength(20);
    for (const device of devices) {
      if (good.includes(device.deviceId)) expect(device.state).toBe('confirmed');
      else if (device.state === 'failed') expect(device.failure?.code).toBe('9010');
      else expect(device.state).toBe('excluded');
    }
    // The good devices run the new version, as inventory learnt it from their Informs.
    for (const simulator of simulators.slice(0, 1))
      expect(
        simulator.device(`${GOOD}0000`).parameter('Device.DeviceInfo.SoftwareVersion')?.value,
      ).toBe('2.1.0');

    const ofCampaign = events.filter((event) => 'campaignId' in event && event.campaignId === id);
    const count = (type: string) => ofCampaign.filter((event) => event.type === type).length;
    expect(count('DeviceFirmwareConfirmed')).toBe(ended.body.devices['confirmed']);
    expect(count('DeviceFirmwareFailed')).toBe(ended.body.devices['failed']);
    expect(ofCampaign.find((event) => event.type === 'CampaignCompleted')).toMatchObject({
      state: 'completed_with_failures',
      confirmed: 14,
      failed: ended.body.devices['failed'],
      excluded: ended.body.devices['excluded'],
    });
    // Its devices are free again: the image may go once no campaign that has not ended uses it.
    expect((await call('DELETE', `/firmware/images/${imageId}`)).status).toBe(204);
  }, 240_000);

  it("backs a device's configuration up and puts it back", async () => {
    const [deviceId] = await fleet('GWC', 200, 1);
    if (!deviceId) throw new Error('no device');
    const simulator = simulators.at(-1);
    const ntp = 'Device.Time.NTPServer1';
    const device = () => simulator?.device('GWC0200');
    await until(
      () => call('GET', `/devices/${encodeURIComponent(deviceId)}`),
      ({ status }) => status === 200,
    );
    const setNtp = (value: string) =>
      call('POST', `/devices/${encodeURIComponent(deviceId)}/tasks`, {
        type: 'setParameterValues',
        payload: { values: [{ name: ntp, value }] },
      });
    expect((await setNtp('ntp.before.example')).status).toBe(201);
    await until(
      async () => device()?.parameter(ntp)?.value,
      (value) => value === 'ntp.before.example',
    );

    const requested = await call<{ uploadId: string }>(
      'POST',
      `/devices/${encodeURIComponent(deviceId)}/backups`,
      {},
    );
    expect(requested.status).toBe(201);
    const listed = await until(
      () =>
        call<{ backups: Array<{ uploadId: string; fileType: string; size: number }> }>(
          'GET',
          `/devices/${encodeURIComponent(deviceId)}/backups`,
        ),
      ({ body }) => body.backups.length === 1,
    );
    expect(listed.body.backups[0]).toMatchObject({
      uploadId: requested.body.uploadId,
      fileType: '1 Vendor Configuration File',
    });
    const content = await fetch(
      `${api}/devices/${encodeURIComponent(deviceId)}/backups/${requested.body.uploadId}/content`,
      { headers: { authorization: `Bearer ${key}` } },
    );
    expect(content.status).toBe(200);
    const file = await content.text();
    expect(file.length).toBe(listed.body.backups[0]?.size);
    expect(file).toContain('ntp.before.example');

    expect((await setNtp('ntp.after.example')).status).toBe(201);
    await until(
      async () => device()?.parameter(ntp)?.value,
      (value) => value === 'ntp.after.example',
    );
    const restored = await call(
      'POST',
      `/devices/${encodeURIComponent(deviceId)}/backups/${requested.body.uploadId}/restore`,
      {},
    );
    expect(restored.status).toBe(201);
    await until(
      async () => device()?.parameter(ntp)?.value,
      (value) => value === 'ntp.before.example',
    );

    const missing = await call(
      'POST',
      `/devices/${encodeURIComponent(deviceId)}/backups/nope/restore`,
      {},
    );
    expect(missing.status).toBe(404);
  }, 120_000);

  it('rolls dual-bank devices back to the bank they ran before the campaign', async () => {
    // TR-181 devices with two banks: 2.0.0 in bank 1; the campaign's image goes to bank 2.
    const fleetIds = await fleet('GWD', 300, 3);
    const simulator = simulators.at(-1);
    if (!simulator) throw new Error('no simulator');
    const running = (serial: string, path: string) =>
      simulator.device(serial).parameter(path)?.value;
    for (const deviceId of fleetIds)
      await until(
        () => call('GET', `/devices/${encodeURIComponent(deviceId)}`),
        ({ status }) => status === 200,
      );
    const imageId = await image('2.1.0');
    const created = await call<{ campaign: { id: string } }>('POST', '/firmware/campaigns', {
      name: 'GWD to 2.1.0',
      imageId,
      target: { kind: 'devices', deviceIds: fleetIds },
      plan: {
        mode: 'passive',
        // Two devices first, then a long watch: the operator stops it there.
        canary: { count: 2, soakSeconds: 3600 },
        waves: { kind: 'equal', count: 1 },
        maxInFlight: 5,
        maxPerMinute: 600,
        stopRules: [],
        retries: { max: 0, backoffSeconds: 1 },
        confirmTimeoutSeconds: 60,
      },
    });
    expect(created.status).toBe(201);
    const id = created.body.campaign.id;
    type View = { state: string; devices: Record<string, number> };
    await until(
      () => call<View>('GET', `/firmware/campaigns/${id}`),
      ({ body }) => body.devices['confirmed'] === 2,
      90_000,
    );
    type Member = {
      deviceId: string;
      state: string;
      rollback?: { method?: string; bank?: string; fromVersion?: string; toVersion?: string };
    };
    const members = async () =>
      (await call<{ devices: Member[] }>('GET', `/firmware/campaigns/${id}/devices`)).body.devices;
    const canary = (await members()).filter((m) => m.state === 'confirmed').map((m) => m.deviceId);
    const serials = canary.map((deviceId) => deviceId.split('-').at(-1) ?? '');
    for (const serial of serials) {
      expect(running(serial, 'Device.DeviceInfo.SoftwareVersion')).toBe('2.1.0');
      expect(running(serial, 'Device.DeviceInfo.ActiveFirmwareImage')).toBe(
        'Device.DeviceInfo.FirmwareImage.2',
      );
    }

    const act = (body: unknown) => call<View>('POST', `/firmware/campaigns/${id}/actions`, body);
    expect((await act({ action: 'rollback', devices: 'all' })).status).toBe(409); // still running
    expect((await act({ action: 'pause', note: 'LAN drops on 2.1.0' })).status).toBe(200);
    expect((await act({ action: 'rollback', devices: 'failed' })).status).toBe(422);
    const asked = await act({ action: 'rollback', devices: 'all', note: 'back to 2.0.0' });
    expect(asked.status).toBe(200);
    expect(asked.body.state).toBe('paused');

    const done = await until(
      () => call<View>('GET', `/firmware/campaigns/${id}`),
      ({ body }) => body.devices['rolled-back'] === 2,
      90_000,
    );
    expect(done.body).toMatchObject({
      state: 'paused',
      devices: { 'rolled-back': 2, pending: 1, confirmed: 0, 'rollback-failed': 0 },
    });
    for (const member of (await members()).filter((m) => canary.includes(m.deviceId)))
      expect(member).toMatchObject({
        state: 'rolled-back',
        rollback: {
          method: 'bank-switch',
          bank: 'Device.DeviceInfo.FirmwareImage.1',
          fromVersion: '2.1.0',
          toVersion: '2.0.0',
        },
      });
    // The devices really run their previous bank again.
    for (const serial of serials) {
      expect(running(serial, 'Device.DeviceInfo.SoftwareVersion')).toBe('2.0.0');
      expect(running(serial, 'Device.DeviceInfo.ActiveFirmwareImage')).toBe(
        'Device.DeviceInfo.FirmwareImage.1',
      );
    }
    const rolledBack = events.flatMap((event) =>
      event.type === 'DeviceFirmwareRolledBack' && event.campaignId === id ? [event] : [],
    );
    expect(rolledBack.map((event) => event.deviceId).sort()).toEqual([...canary].sort());
    for (const event of rolledBack)
      expect(event).toMatchObject({
        method: 'bank-switch',
        fromVersion: '2.1.0',
        toVersion: '2.0.0',
      });

    expect((await act({ action: 'cancel' })).body.state).toBe('cancelled');
    expect(
      events.find((event) => event.type === 'CampaignCompleted' && event.campaignId === id),
    ).toMatchObject({ state: 'cancelled', rolledBack: 2, notReached: 1 });
  }, 240_000);
});
