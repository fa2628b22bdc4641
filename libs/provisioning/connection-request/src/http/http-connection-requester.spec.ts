import http from 'node:http';
import net, { AddressInfo } from 'node:net';
import { CR_PASSWORD, SimulatedCpe } from '../test-support/simulated-cpe';
import { HttpConnectionRequester } from './http-connection-requester';

describe('HttpConnectionRequester against the simulated CPE', () => {
  let cpe: SimulatedCpe;
  beforeEach(async () => {
    cpe = await SimulatedCpe.start();
  }, 30_000);
  afterEach(async () => {
    await cpe.stop();
  });

  it('answers the Digest challenge and the device opens a 6 CONNECTION REQUEST session', async () => {
    const requester = new HttpConnectionRequester();
    const result = await requester.request({
      url: cpe.url,
      username: cpe.username,
      password: CR_PASSWORD,
    });
    expect(result).toEqual({ outcome: 'ok' });
    await cpe.waitForInform((events) => events.includes('6 CONNECTION REQUEST'));
  });

  it('reports auth-failed for a wrong password, and the device stays quiet', async () => {
    const requester = new HttpConnectionRequester();
    const result = await requester.request({ url: cpe.url, username: cpe.username, password: 'x' });
    expect(result.outcome).toBe('auth-failed');
    // A later, correct request is the first to wake it: the wrong one started nothing.
    await requester.request({ url: cpe.url, username: cpe.username, password: CR_PASSWORD });
    await cpe.waitForInform((events) => events.includes('6 CONNECTION REQUEST'));
    expect(
      cpe.informEvents().filter((events) => events.includes('6 CONNECTION REQUEST')),
    ).toHaveLength(1);
  });

  it('reports busy when the CPE answers 503 because it is in a session', async () => {
    const release = cpe.holdSessions();
    cpe.device.informNow('2 PERIODIC');
    await cpe.waitUntil(() => cpe.device.sessionInProgress, 'the held session');
    const result = await new HttpConnectionRequester().request({
      url: cpe.url,
      username: cpe.username,
      password: CR_PASSWORD,
    });
    release();
    expect(result).toEqual({ outcome: 'busy', detail: 'HTTP 503' });
  });
});

describe('HttpConnectionRequester against misbehaving CPEs', () => {
  const servers: { close(): void }[] = [];
  afterEach(() => {
    for (const server of servers.splice(0)) server.close();
  });

  async function listen(server: http.Server | net.Server): Promise<string> {
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/cr`;
  }

  it('retries once when the CPE drops the connection, then succeeds', async () => {
    let connections = 0;
    const url = await listen(
      http.createServer((req, res) => {
        connections++;
        if (connections === 1) req.socket.destroy();
        else res.writeHead(204).end();
      }),
    );
    const result = await new HttpConnectionRequester().request({ url });
    expect(result).toEqual({ outcome: 'ok' });
    expect(connections).toBe(2);
  });

  it('does not retry twice: two drops are a failure', async () => {
    let connections = 0;
    const url = await listen(
      http.createServer((req) => {
        connections++;
        req.socket.destroy();
      }),
    );
    const result = await new HttpConnectionRequester().request({ url });
    expect(result.outcome).toBe('failed');
    expect(result.detail).toMatch(/ECONNRESET/);
    expect(connections).toBe(2);
  });

  it('gives up at the configured bound when the CPE accepts but never answers, without retrying', async () => {
    let connections = 0;
    const url = await listen(
      net.createServer((socket) => {
        connections++;
        socket.on('data', () => undefined); // reads the request, answers nothing
      }),
    );
    const started = Date.now();
    const result = await new HttpConnectionRequester({ timeoutMs: 300 }).request({ url });
    const elapsed = Date.now() - started;
    expect(result).toEqual({ outcome: 'timeout' });
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(2000);
    expect(connections).toBe(1);
  });

  it('reports unreachable when nothing listens', async () => {
    const probe = net.createServer();
    const url = await listen(probe);
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const result = await new HttpConnectionRequester().request({ url });
    expect(result).toEqual({ outcome: 'unreachable', detail: 'ECONNREFUSED' });
  });

  describe('a CPE that offers only Basic', () => {
    let authorizations: (string | undefined)[];
    let url: string;
    beforeEach(async () => {
      authorizations = [];
      url = await listen(
        http.createServer((req, res) => {
          authorizations.push(req.headers.authorization);
          const expected = `Basic ${Buffer.from('cpe:pw').toString('base64')}`;
          if (req.headers.authorization === expected) res.writeHead(200).end();
          else res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="cpe"' }).end();
        }),
      );
    });

    it('is refused by default: the password is never sent', async () => {
      const result = await new HttpConnectionRequester().request({
        url,
        username: 'cpe',
        password: 'pw',
      });
      expect(result.outcome).toBe('auth-refused');
      expect(authorizations).toEqual([undefined]);
    });

    it('gets Basic credentials when allowBasic is configured', async () => {
      const result = await new HttpConnectionRequester({ allowBasic: true }).request({
        url,
        username: 'cpe',
        password: 'pw',
      });
      expect(result).toEqual({ outcome: 'ok' });
    });
  });

  it('reports another status as failed with the status', async () => {
    const url = await listen(http.createServer((_req, res) => res.writeHead(404).end()));
    expect(await new HttpConnectionRequester().request({ url })).toEqual({
      outcome: 'failed',
      detail: 'HTTP 404',
    });
  });

  it('reports a malformed URL from inventory as failed instead of throwing', async () => {
    expect((await new HttpConnectionRequester().request({ url: 'not a url' })).outcome).toBe(
      'failed',
    );
  });
});
