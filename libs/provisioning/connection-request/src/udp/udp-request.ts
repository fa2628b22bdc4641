import { createHmac, randomBytes, randomInt } from 'node:crypto';
import { isIPv6 } from 'node:net';

/** A UDPConnectionRequestAddress split into where to send (TR-069 Annex G: `host:port` or `host`). */
export interface UdpAddress {
  host: string;
  port: number;
  /** As it goes into the Request-URI and the Host header (`[v6]:port`). */
  authority: string;
}

export class UdpRequestError extends Error {
  override readonly name = 'UdpRequestError';
}

/** Reads `host:port`, `[v6]:port` or `host` (port 80, the only port the short form may mean). */
export function parseUdpAddress(text: string): UdpAddress {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  const plain = /^([^:[\]\s]+)(?::(\d+))?$/.exec(text);
  const match = bracketed ?? plain;
  if (!match || (bracketed && !isIPv6(match[1] as string))) {
    throw new UdpRequestError(`not a UDP connection request address: ${text}`);
  }
  const host = match[1] as string;
  const port = match[2] === undefined ? 80 : Number(match[2]);
  if (!(port >= 1 && port <= 65535)) throw new UdpRequestError(`bad port in ${text}`);
  const hostPart = bracketed ? `[${host}]` : host;
  return { host, port, authority: `${hostPart}:${port}` };
}

export interface UdpRequestMessage {
  datagram: Buffer;
  ts: number;
  id: string;
}

/**
 * Builds the signed TR-069 Annex G messages of one ACS process:
 * `GET http://<address>?ts=&id=&un=&cn=&sig= HTTP/1.1` with sig = hex HMAC-SHA1(key = password,
 * ts+id+un+cn). Every call gets a new id (copies of one request reuse the datagram, hence the id),
 * and ts never goes down, even if the clock steps back: a CPE drops a ts older than the last one.
 */
export class UdpRequestSigner {
  private lastTs = 0;
  private nextId: number;

  constructor() {
    // A random start keeps ids of different ACS processes from meeting at one CPE.
    this.nextId = randomInt(0, 2 ** 40);
  }

  sign(
    address: UdpAddress,
    username: string,
    password: string,
    nowMs = Date.now(),
  ): UdpRequestMessage {
    // The username goes in unencoded (TR-069 Annex G), so it must not break the query or the line.
    if (/[\s&#?]/.test(username) || [...username].some((char) => char < ' ' || char === '\u007f')) {
      throw new UdpRequestError('the username cannot go unencoded into a UDP connection request');
    }
    const ts = Math.max(this.lastTs, Math.floor(nowMs / 1000));
    this.lastTs = ts;
    const id = String(this.nextId++);
    const cn = randomBytes(8).toString('hex');
    const sig = createHmac('sha1', password).update(`${ts}${id}${username}${cn}`).digest('hex');
    const text =
      `GET http://${address.authority}?ts=${ts}&id=${id}&un=${username}&cn=${cn}&sig=${sig} HTTP/1.1\r\n` +
      `Host: ${address.authority}\r\n\r\n`;
    return { datagram: Buffer.from(text, 'utf8'), ts, id };
  }
}
