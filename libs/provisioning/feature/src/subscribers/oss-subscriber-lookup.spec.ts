import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  openEmbeddedProvisioningStores,
  type ProvisioningStores,
} from '@acs/provisioning-data-access';
import { OssSubscriberLookup } from './oss-subscriber-lookup';

const identity = (serialNumber: string) => ({
  deviceId: `0253AC-Box-${serialNumber}`,
  oui: '0253AC',
  productClass: 'Box',
  serialNumber,
});

describe('subscriber lookup at an OSS/BSS endpoint', () => {
  let directory: string;
  let stores: ProvisioningStores;
  let server: Server;
  let url: string;
  const asked: string[] = [];
  let answer: (serial: string) => { status: number; body?: unknown; hang?: boolean };
  const warnings: string[] = [];
  const log = {
    info: () => undefined,
    error: () => undefined,
    warn: (message: string) => void warnings.push(message),
  };

  beforeAll(async () => {
    server = createServer((request, response) => {
      const serial = new URL(request.url ?? '/', 'http://x').searchParams.get('serialNumber') ?? '';
      asked.push(serial);
      const { status, body, hang } = answer(serial);
      if (hang) return;
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(body === undefined ? '' : JSON.stringify(body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/subscribers`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'oss-lookup-'));
    stores = openEmbeddedProvisioningStores(directory);
    asked.length = 0;
    warnings.length = 0;
  });
  afterEach(async () => {
    await stores.close();
    rmSync(directory, { recursive: true, force: true });
  });

  const lookup = (retries = 1) =>
    new OssSubscriberLookup(
      stores.subscribers,
      { url, timeoutMs: 300, retries, cacheTtlMs: 60_000, cacheSize: 100 },
      log,
    );

  it("fetches an unknown device's record once, stores it, and serves it locally after", async () => {
    answer = (serial) => ({
      status: 200,
      body: { subscriberId: `s-${serial}`, serialNumber: serial, data: { plan: 'gold' } },
    });
    const oss = lookup();
    expect(await oss.find(identity('A1'))).toMatchObject({ subscriberId: 's-A1' });
    expect(await stores.subscribers.get('s-A1')).toMatchObject({ data: { plan: 'gold' } });
    expect(await oss.find(identity('A1'))).toMatchObject({ subscriberId: 's-A1' });
    expect(asked).toEqual(['A1']);
  });

  it('remembers that the OSS has no record, so a boot storm does not ask again', async () => {
    answer = () => ({ status: 404 });
    const oss = lookup();
    expect(await oss.find(identity('B1'))).toBeNull();
    expect(await oss.find(identity('B1'))).toBeNull();
    expect(asked).toEqual(['B1']);
  });

  it('retries a failing OSS, then gives up with a warning and no record', async () => {
    answer = () => ({ status: 503 });
    expect(await lookup(2).find(identity('C1'))).toBeNull();
    expect(asked).toEqual(['C1', 'C1', 'C1']);
    expect(warnings).toContain('OSS subscriber lookup failed');
  });

  it('does not wait past its timeout for an OSS that never answers', async () => {
    answer = () => ({ status: 200, hang: true });
    const started = Date.now();
    expect(await lookup(0).find(identity('D1'))).toBeNull();
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('keeps nothing from an answer that is not a valid record', async () => {
    answer = () => ({ status: 200, body: { subscriberId: 'x', data: 'not an object' } });
    expect(await lookup().find(identity('E1'))).toBeNull();
    expect(await stores.subscribers.get('x')).toBeNull();
    expect(warnings).toContain('OSS subscriber record invalid');
  });
});
