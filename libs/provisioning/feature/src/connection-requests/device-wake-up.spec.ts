import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ConnectionRequestService,
  HttpConnectionRequester,
  InMemoryRateLimiter,
  UdpConnectionRequester,
} from '@acs/connection-request';
import { EmbeddedDeviceStore, type ConnectionRequestInfo } from '@acs/device-store';
import { StoreInventoryWrites } from '@acs/inventory-writes';
import { RecordingLog } from '../commands/test-support/command-fixture';
import { CONNECTION_REQUEST_EVENT, DeviceWakeUp } from './device-wake-up';

/** A CPE's connection-request listener: answers each GET with the next status of `statuses`. */
class CrListener {
  readonly requests: string[] = [];
  statuses: number[] = [];
  private readonly server = http.createServer((req, res) => {
    this.requests.push(`${req.method} ${req.url}`);
    res.writeHead(this.statuses.shift() ?? 200).end();
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/cr`;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe('DeviceWakeUp', () => {
  let directory: string;
  let devices: EmbeddedDeviceStore;
  let listener: CrListener;
  let url: string;
  let udp: UdpConnectionRequester;
  let log: RecordingLog;
  let wakeUp: DeviceWakeUp;

  beforeEach(async () => {
    directory = mkdtempSync(join(tmpdir(), 'wake-up-'));
    devices = new EmbeddedDeviceStore({ directory, synchronous: 'normal' });
    listener = new CrListener();
    url = await listener.start();
    udp = new UdpConnectionRequester({ spacingMs: 0 });
    log = new RecordingLog();
    wakeUp = new DeviceWakeUp({
      devices,
      inventory: new StoreInventoryWrites(devices),
      requester: new ConnectionRequestService({
        http: new HttpConnectionRequester({ timeoutMs: 2000 }),
        udp,
        rateLimiter: new InMemoryRateLimiter({ deviceIntervalMs: 60_000, globalPerSecond: 100 }),
      }),
      log,
    });
  });

  afterEach(async () => {
    wakeUp.stop();
    await listener.stop();
    await udp.close();
    await devices.close();
    rmSync(directory, { recursive: true, force: true });
  });

  let informs = 0;
  async function known(deviceId: string, connectionRequest: ConnectionRequestInfo) {
    await devices.applyBatch([
      {
        eventId: `inform-${deviceId}-${++informs}`,
        deviceId,
        occurredAt: new Date().toISOString(),
        upsert: {
          oui: '0253AC',
          productClass: 'Gw',
          serialNumber: deviceId,
          lastInform: new Date().toISOString(),
          connectionRequest,
        },
      },
    ]);
  }

  const recorded = async (deviceId: string) =>
    (await devices.recentEvents(deviceId, 10)).filter(
      (event) => event.kind === CONNECTION_REQUEST_EVENT,
    );

  it('sends the request to the URL inventory learnt and records the outcome on the device', async () => {
    await known('dev-1', { url, username: 'dev-1', password: 'secret' });
    const outcome = await wakeUp.wake('dev-1', 'api');
    expect(outcome).toEqual({ outcome: 'ok', method: 'http' });
    expect(listener.requests).toEqual(['GET /cr']);
    expect((await recorded('dev-1')).map((event) => event.detail)).toEqual([
      { reason: 'api', outcome: 'ok', method: 'http' },
    ]);
  });

  it('reports and records busy when the CPE answers 503', async () => {
    await known('dev-2', { url });
    listener.statuses = [503];
    expect(await wakeUp.wake('dev-2', 'command')).toEqual({
      outcome: 'busy',
      method: 'http',
      detail: 'HTTP 503',
    });
    expect((await recorded('dev-2'))[0]?.detail).toMatchObject({
      outcome: 'busy',
      reason: 'command',
    });
  });

  it('does not send a second request within the device interval, and says when it will', async () => {
    await known('dev-3', { url });
    await wakeUp.wake('dev-3');
    const second = await wakeUp.wake('dev-3');
    expect(second).toMatchObject({ outcome: 'rate-limited', limit: 'device' });
    expect(second.outcome === 'rate-limited' && second.retryAfterMs).toBeGreaterThan(50_000);
    const retryAt = second.outcome === 'rate-limited' ? Date.parse(second.retryAt ?? '') : 0;
    expect(retryAt - Date.now()).toBeGreaterThan(50_000);
    expect(wakeUp.heldBackCount).toBe(1);
    expect(listener.requests).toHaveLength(1);
    expect((await recorded('dev-3')).map((event) => event.detail['outcome'])).toEqual([
      'rate-limited',
      'ok',
    ]);
  });

  describe('a request held back by the device interval', () => {
    let heldBack: DeviceWakeUp;
    const withInterval = (deviceIntervalMs: number) => {
      heldBack = new DeviceWakeUp({
        devices,
        inventory: new StoreInventoryWrites(devices),
        requester: new ConnectionRequestService({
          http: new HttpConnectionRequester({ timeoutMs: 2000 }),
          udp,
          rateLimiter: new InMemoryRateLimiter({ deviceIntervalMs, globalPerSecond: 100 }),
        }),
        log,
      });
    };
    afterEach(() => heldBack.stop());

    const settled = async () => {
      const deadline = Date.now() + 5_000;
      while (heldBack.heldBackCount > 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };

    it('is sent once when the interval allows, however often it was asked for meanwhile', async () => {
      withInterval(300);
      await known('dev-6', { url });
      expect(await heldBack.wake('dev-6', 'task')).toMatchObject({ outcome: 'ok' });
      expect(await heldBack.wake('dev-6', 'task')).toMatchObject({ outcome: 'rate-limited' });
      expect(await heldBack.wake('dev-6', 'task')).toMatchObject({ outcome: 'rate-limited' });
      expect(heldBack.heldBackCount).toBe(1);
      await settled();
      expect(heldBack.heldBackCount).toBe(0);
      expect(listener.requests).toEqual(['GET /cr', 'GET /cr']);
      expect((await recorded('dev-6'))[0]?.detail).toMatchObject({
        outcome: 'ok',
        reason: 'task, held back',
      });
    });

    it('is dropped when the device opens a session meanwhile', async () => {
      // Long enough for the Inform below to be stored before the request is due.
      withInterval(1_000);
      await known('dev-7', { url });
      await heldBack.wake('dev-7', 'task');
      expect(await heldBack.wake('dev-7', 'task')).toMatchObject({ outcome: 'rate-limited' });
      await new Promise((resolve) => setTimeout(resolve, 5));
      await known('dev-7', { url }); // an Inform: lastInform now
      await settled();
      expect(listener.requests).toEqual(['GET /cr']);
      expect(log.lines).toContainEqual(
        expect.objectContaining({
          message: 'held-back connection request dropped: the device opened a session',
        }),
      );
    });
  });

  it('answers no-address for a device that reported no way to reach it', async () => {
    await known('dev-4', {});
    expect(await wakeUp.wake('dev-4')).toMatchObject({ outcome: 'no-address', method: null });
    expect(listener.requests).toEqual([]);
  });

  it('answers unknown-device for a device the store does not have, recording nothing', async () => {
    expect(await wakeUp.wake('nobody')).toEqual({
      outcome: 'unknown-device',
      method: null,
      detail: 'no device nobody',
    });
    expect(await devices.recentEvents('nobody', 10)).toEqual([]);
  });

  it('still reports the outcome when recording it fails, and logs the loss', async () => {
    await known('dev-5', { url });
    const readOnly = new Proxy(devices, {
      get(target, property, receiver) {
        if (property === 'applyBatch') return () => Promise.reject(new Error('disk full'));
        const value: unknown = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const failingWrites = new DeviceWakeUp({
      devices: readOnly,
      inventory: new StoreInventoryWrites(readOnly),
      requester: new ConnectionRequestService({
        http: new HttpConnectionRequester({ timeoutMs: 2000 }),
        udp,
        rateLimiter: new InMemoryRateLimiter(),
      }),
      log,
    });
    expect(await failingWrites.wake('dev-5')).toEqual({ outcome: 'ok', method: 'http' });
    expect(listener.requests).toEqual(['GET /cr']);
    expect(log.lines).toContainEqual(
      expect.objectContaining({
        level: 'error',
        message: 'connection request outcome not recorded',
      }),
    );
  });
});
