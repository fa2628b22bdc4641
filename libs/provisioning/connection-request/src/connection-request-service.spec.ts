import net, { AddressInfo } from 'node:net';
import { ConnectionRequestService } from './connection-request-service';
import { HttpConnectionRequester } from './http/http-connection-requester';
import { InMemoryRateLimiter } from './rate-limit/in-memory-rate-limiter';
import { CR_PASSWORD, SimulatedCpe } from './test-support/simulated-cpe';
import { UdpConnectionRequester } from './udp/udp-connection-requester';

/** A loopback URL nothing listens on: the ConnectionRequestURL of a CPE behind NAT. */
async function deadUrl(): Promise<string> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return `http://127.0.0.1:${port}/cr`;
}

describe('ConnectionRequestService', () => {
  let cpe: SimulatedCpe;
  const udp = new UdpConnectionRequester({ spacingMs: 5 });
  const service = () =>
    new ConnectionRequestService({
      http: new HttpConnectionRequester({ timeoutMs: 2000 }),
      udp,
      rateLimiter: new InMemoryRateLimiter({ deviceIntervalMs: 10_000 }),
    });
  const wokeUp = () => cpe.waitForInform((events) => events.includes('6 CONNECTION REQUEST'));

  beforeEach(async () => {
    cpe = await SimulatedCpe.start();
  }, 30_000);
  afterEach(async () => {
    await cpe.stop();
  });
  afterAll(() => udp.close());

  const inventoryRecord = () => ({
    deviceId: 'dev-1',
    url: cpe.url,
    udpAddress: cpe.parameter('UDPConnectionRequestAddress'),
    username: cpe.username,
    password: CR_PASSWORD,
  });

  it('wakes the device over HTTP when its URL is known, then rate-limits the next request', async () => {
    const requests = service();
    expect(await requests.execute(inventoryRecord())).toEqual({ outcome: 'ok', method: 'http' });
    await wokeUp();
    const again = await requests.execute(inventoryRecord());
    expect(again).toMatchObject({ outcome: 'rate-limited', method: null, limit: 'device' });
    expect(again.retryAfterMs).toBeGreaterThan(9_000);
  });

  it('uses UDP when only a UDP address is known', async () => {
    expect(await service().execute({ ...inventoryRecord(), url: undefined })).toMatchObject({
      outcome: 'sent',
      method: 'udp',
    });
    await wokeUp();
  });

  it('falls back to UDP when the URL is unreachable (a CPE behind NAT)', async () => {
    const outcome = await service().execute({ ...inventoryRecord(), url: await deadUrl() });
    expect(outcome).toMatchObject({ outcome: 'sent', method: 'udp' });
    expect(outcome.detail).toMatch(/^http unreachable \(ECONNREFUSED\)/);
    await wokeUp();
  });

  it('reports HTTP failures other than unreachable as they are, without trying UDP', async () => {
    const outcome = await service().execute({ ...inventoryRecord(), password: 'wrong' });
    expect(outcome).toEqual({ outcome: 'auth-failed', method: 'http', detail: 'HTTP 401' });
  });

  it('reports no-address when inventory knows neither, and consumes no rate-limit slot', async () => {
    const requests = service();
    expect(await requests.execute({ deviceId: 'dev-1', url: '' })).toMatchObject({
      outcome: 'no-address',
      method: null,
    });
    expect((await requests.execute(inventoryRecord())).outcome).toBe('ok');
  });
});
