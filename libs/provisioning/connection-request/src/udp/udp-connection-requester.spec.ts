import dgram from 'node:dgram';
import { parseUdpRequest, signatureValid, UdpConnectionRequest } from '@acs/cpe-simulator';
import { StunServer } from '../stun/stun-server';
import { CR_PASSWORD, SimulatedCpe } from '../test-support/simulated-cpe';
import { UdpConnectionRequester } from './udp-connection-requester';
import { parseUdpAddress, UdpRequestError, UdpRequestSigner } from './udp-request';

/** A UDP socket standing in for a CPE: collects what arrives, parsed as the simulator parses it. */
async function listeningCpe() {
  const socket = dgram.createSocket('udp4');
  const received: { request: UdpConnectionRequest | undefined; text: string; fromPort: number }[] =
    [];
  socket.on('message', (datagram, remote) =>
    received.push({
      request: parseUdpRequest(datagram),
      text: datagram.toString(),
      fromPort: remote.port,
    }),
  );
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const until = async (count: number) => {
    const deadline = Date.now() + 10_000;
    while (received.length < count) {
      if (Date.now() > deadline) throw new Error(`only ${received.length} of ${count} datagrams`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  return {
    address: `127.0.0.1:${socket.address().port}`,
    received,
    until,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

describe('UdpConnectionRequester', () => {
  const requester = new UdpConnectionRequester({ spacingMs: 5 });
  afterAll(() => requester.close());

  it('wakes the simulated CPE: it verifies the signature and opens a 6 CONNECTION REQUEST session', async () => {
    const cpe = await SimulatedCpe.start();
    try {
      const result = await requester.request({
        address: cpe.parameter('UDPConnectionRequestAddress'),
        username: cpe.username,
        password: CR_PASSWORD,
      });
      expect(result).toEqual({ outcome: 'sent', detail: '3 of 3 copies' });
      await cpe.waitForInform((events) => events.includes('6 CONNECTION REQUEST'));
      await cpe.waitUntil(() => !cpe.device.sessionInProgress, 'the session to end');
      // The copies were recognised as one request: one session, not three.
      expect(
        cpe.informEvents().filter((events) => events.includes('6 CONNECTION REQUEST')),
      ).toHaveLength(1);
    } finally {
      await cpe.stop();
    }
  }, 30_000);

  it('sends copies with one id, a new id per request, ts never decreasing, validly signed', async () => {
    const cpe = await listeningCpe();
    try {
      const target = { address: cpe.address, username: 'SIM-1', password: 'pw' };
      await requester.request(target);
      await requester.request(target);
      await cpe.until(6);
      const requests = cpe.received.map((entry) => entry.request as UdpConnectionRequest);
      expect(requests.every((request) => request && signatureValid('pw', request))).toBe(true);
      const ids = requests.map((request) => request.id);
      expect(new Set(ids.slice(0, 3)).size).toBe(1);
      expect(new Set(ids.slice(3)).size).toBe(1);
      expect(ids[0]).not.toBe(ids[3]);
      const ts = requests.map((request) => Number(request.ts));
      expect(ts[3]).toBeGreaterThanOrEqual(ts[0] as number);
      expect(Math.abs((ts[0] as number) - Date.now() / 1000)).toBeLessThan(5);
      expect(cpe.received[0]?.text).toMatch(
        new RegExp(
          `^GET http://${cpe.address}\\?ts=\\d+&id=\\d+&un=SIM-1&cn=[0-9a-f]+&sig=[0-9a-f]{40} HTTP/1\\.1\\r\\nHost: ${cpe.address}\\r\\n\\r\\n$`,
        ),
      );
    } finally {
      await cpe.close();
    }
  });

  it('sends from the STUN server socket when given it, as TR-111 requires', async () => {
    const cpe = await listeningCpe();
    const stun = new StunServer({ port: 0, host: '127.0.0.1' });
    await stun.start();
    try {
      const result = await new UdpConnectionRequester({ sender: stun, copies: 1 }).request({
        address: cpe.address,
        username: 'u',
        password: 'p',
      });
      expect(result.outcome).toBe('sent');
      await cpe.until(1);
      expect(cpe.received[0]?.fromPort).toBe(stun.address().port);
    } finally {
      await stun.stop();
      await cpe.close();
    }
  });

  it('reports an unusable address or username as failed without sending', async () => {
    expect((await requester.request({ address: 'host:99999', username: 'u' })).outcome).toBe(
      'failed',
    );
    expect(
      (await requester.request({ address: '127.0.0.1:9', username: 'a&un=b', password: 'p' }))
        .outcome,
    ).toBe('failed');
  });
});

describe('UdpRequestSigner', () => {
  const address = parseUdpAddress('192.0.2.1:7547');

  it('keeps ts from going back when the clock steps back', () => {
    const signer = new UdpRequestSigner();
    const first = signer.sign(address, 'u', 'p', 1_700_000_100_000);
    const afterStep = signer.sign(address, 'u', 'p', 1_700_000_000_000);
    expect(first.ts).toBe(1_700_000_100);
    expect(afterStep.ts).toBe(1_700_000_100);
    expect(afterStep.id).not.toBe(first.id);
  });

  it('reads the address forms TR-069 allows', () => {
    expect(parseUdpAddress('[2001:db8::1]:7547')).toEqual({
      host: '2001:db8::1',
      port: 7547,
      authority: '[2001:db8::1]:7547',
    });
    expect(parseUdpAddress('cpe.example')).toEqual({
      host: 'cpe.example',
      port: 80,
      authority: 'cpe.example:80',
    });
    expect(() => parseUdpAddress('2001:db8::1')).toThrow(UdpRequestError);
  });
});
