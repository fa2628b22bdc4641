import { createHmac, timingSafeEqual } from 'node:crypto';

export interface UdpConnectionRequest {
  ts: string;
  id: string;
  un: string;
  cn: string;
  sig: string;
}

/**
 * Reads a TR-111 Annex G UDP connection request: an HTTP-formatted `GET <uri>?ts=&id=&un=&cn=&sig=`.
 * The username is not percent-encoded (TR-111), so the query is split by hand, not URL-decoded.
 */
export function parseUdpRequest(datagram: Buffer): UdpConnectionRequest | undefined {
  const line = datagram.toString('latin1').split(/\r?\n/, 1)[0] ?? '';
  const match = /^GET\s+(\S+)\s+HTTP\/1\.1$/.exec(line.trim());
  if (!match) return undefined;
  const uri = match[1] as string;
  const query = uri.slice(uri.indexOf('?') + 1);
  if (!uri.includes('?')) return undefined;
  const fields: Record<string, string> = {};
  for (const pair of query.split('&')) {
    const equals = pair.indexOf('=');
    if (equals > 0) fields[pair.slice(0, equals)] = pair.slice(equals + 1);
  }
  const { ts, id, un, cn, sig } = fields;
  if (!ts || !id || un === undefined || !cn || !sig || !/^\d+$/.test(ts)) return undefined;
  return { ts, id, un, cn, sig };
}

export function udpSignature(password: string, request: Omit<UdpConnectionRequest, 'sig'>): string {
  return createHmac('sha1', password)
    .update(request.ts + request.id + request.un + request.cn)
    .digest('hex');
}

export function signatureValid(password: string, request: UdpConnectionRequest): boolean {
  const expected = Buffer.from(udpSignature(password, request), 'hex');
  const given = Buffer.from(request.sig.toLowerCase(), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * TR-111 replay rules for one device: a request whose ts is older than the last accepted one, or
 * whose id was already accepted (the ACS sends several copies of each), is ignored; so is a ts
 * further than `maxSkewSeconds` from the device's clock.
 */
export class ReplayGuard {
  private lastTs = 0;
  private readonly recentIds: string[] = [];

  constructor(private readonly maxSkewSeconds = 3600) {}

  accept(request: UdpConnectionRequest, nowSeconds = Math.floor(Date.now() / 1000)): boolean {
    const ts = Number(request.ts);
    if (ts < this.lastTs || this.recentIds.includes(request.id)) return false;
    if (Math.abs(nowSeconds - ts) > this.maxSkewSeconds) return false;
    this.lastTs = ts;
    this.recentIds.push(request.id);
    if (this.recentIds.length > 16) this.recentIds.shift();
    return true;
  }
}
