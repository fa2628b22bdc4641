import { parseUdpRequest, ReplayGuard, signatureValid, udpSignature } from './udp-request';

const datagram = (query: string) =>
  Buffer.from(`GET http://10.0.0.1:7547?${query} HTTP/1.1\r\nHost: 10.0.0.1:7547\r\n\r\n`);

describe('TR-111 UDP connection requests', () => {
  const fields = { ts: '1700000000', id: '42', un: 'user+name@isp', cn: 'c0ffee' };
  const sig = udpSignature('secret', fields);

  it('reads the fields without percent-decoding the username and checks the HMAC-SHA1 signature', () => {
    const parsed = parseUdpRequest(
      datagram(`ts=${fields.ts}&id=42&un=user+name@isp&cn=c0ffee&sig=${sig.toUpperCase()}`),
    );
    expect(parsed).toEqual({ ...fields, sig: sig.toUpperCase() });
    expect(signatureValid('secret', parsed as NonNullable<typeof parsed>)).toBe(true);
    expect(signatureValid('other', parsed as NonNullable<typeof parsed>)).toBe(false);
  });

  it('rejects datagrams that are not a complete request', () => {
    expect(parseUdpRequest(Buffer.from('hello'))).toBeUndefined();
    expect(parseUdpRequest(datagram(`ts=1&id=2&un=u&cn=c`))).toBeUndefined();
    expect(parseUdpRequest(datagram(`ts=abc&id=2&un=u&cn=c&sig=00`))).toBeUndefined();
  });

  it('accepts each id once and never an older timestamp', () => {
    const guard = new ReplayGuard(3600);
    const now = 1_700_000_000;
    const request = (ts: number, id: string) => ({ ts: String(ts), id, un: 'u', cn: 'c', sig: '' });
    expect(guard.accept(request(now, '1'), now)).toBe(true);
    expect(guard.accept(request(now, '1'), now)).toBe(false);
    expect(guard.accept(request(now - 5, '2'), now)).toBe(false);
    expect(guard.accept(request(now + 1, '3'), now)).toBe(true);
    expect(guard.accept(request(now + 7200, '4'), now)).toBe(false);
  });
});
