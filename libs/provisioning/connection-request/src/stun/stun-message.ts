import { isIPv4, isIPv6 } from 'node:net';
import { crc32 } from 'node:zlib';

/**
 * STUN messages (RFC 5389, and the RFC 3489 "classic" form TR-111 CPEs still send): pure encoding
 * and decoding of the 20-byte header and the attribute TLVs, plus the address attributes.
 */

export const MAGIC_COOKIE = 0x2112a442;
export const HEADER_BYTES = 20;

export const STUN_TYPE = {
  bindingRequest: 0x0001,
  bindingSuccess: 0x0101,
  bindingError: 0x0111,
} as const;

export const STUN_ATTRIBUTE = {
  mappedAddress: 0x0001,
  /** RFC 3489 only: where the server sends its answer from. */
  sourceAddress: 0x0004,
  /** RFC 3489 only: the server's alternate address (we have none: our own address). */
  changedAddress: 0x0005,
  username: 0x0006,
  messageIntegrity: 0x0008,
  xorMappedAddress: 0x0020,
  software: 0x8022,
  fingerprint: 0x8028,
  /** TR-111 Annex G: the CPE marks the binding it keeps for UDP connection requests. */
  connectionRequestBinding: 0xc001,
  /** TR-111 Annex G: the CPE says its binding changed since its last request. */
  bindingChange: 0xc002,
} as const;

const FINGERPRINT_XOR = 0x5354554e;

export interface StunAttribute {
  type: number;
  value: Buffer;
}

export interface StunMessage {
  type: number;
  /**
   * RFC 5389: the 12 bytes after the magic cookie. RFC 3489 (no magic cookie): all 16 bytes after
   * the length, which then include what RFC 5389 calls the cookie.
   */
  transactionId: Buffer;
  attributes: StunAttribute[];
}

export interface TransportAddress {
  family: 'IPv4' | 'IPv6';
  address: string;
  port: number;
}

export type StunDecodeErrorCode =
  | 'too-short'
  | 'not-stun'
  | 'bad-length'
  | 'truncated-attribute'
  | 'bad-fingerprint';

export class StunDecodeError extends Error {
  override readonly name = 'StunDecodeError';
  constructor(
    readonly code: StunDecodeErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export type StunDecodeResult =
  | { ok: true; message: StunMessage }
  | { ok: false; error: StunDecodeError };

/** True when the message carries the RFC 5389 magic cookie (a 12-byte transaction id). */
export function isRfc5389(message: StunMessage): boolean {
  return message.transactionId.length === 12;
}

/**
 * Reads one datagram. Not STUN (the first two bits set, as in an HTTP `GET`), a length that
 * disagrees with the datagram, an attribute running past the end or a wrong FINGERPRINT: an error,
 * never an exception, so a server can drop it and carry on.
 */
export function decodeStunMessage(datagram: Buffer): StunDecodeResult {
  const fail = (code: StunDecodeErrorCode, text: string): StunDecodeResult => ({
    ok: false,
    error: new StunDecodeError(code, text),
  });
  if (datagram.length < HEADER_BYTES) return fail('too-short', 'shorter than a STUN header');
  const type = datagram.readUInt16BE(0);
  if ((type & 0xc000) !== 0) return fail('not-stun', 'the first two bits of a STUN message are 0');
  const length = datagram.readUInt16BE(2);
  if (length % 4 !== 0 || HEADER_BYTES + length !== datagram.length) {
    return fail('bad-length', `length field ${length} does not match ${datagram.length} bytes`);
  }
  const hasCookie = datagram.readUInt32BE(4) === MAGIC_COOKIE;
  const transactionId = Buffer.from(datagram.subarray(hasCookie ? 8 : 4, HEADER_BYTES));
  const attributes: StunAttribute[] = [];
  let offset = HEADER_BYTES;
  while (offset < datagram.length) {
    if (offset + 4 > datagram.length) return fail('truncated-attribute', 'attribute header cut');
    const attributeType = datagram.readUInt16BE(offset);
    const attributeLength = datagram.readUInt16BE(offset + 2);
    const end = offset + 4 + attributeLength;
    if (end > datagram.length) return fail('truncated-attribute', 'attribute value cut');
    if (attributeType === STUN_ATTRIBUTE.fingerprint && hasCookie) {
      if (
        attributeLength !== 4 ||
        fingerprintOf(datagram.subarray(0, offset), offset + 8) !==
          datagram.readUInt32BE(offset + 4)
      ) {
        return fail('bad-fingerprint', 'FINGERPRINT does not match the message');
      }
    }
    attributes.push({
      type: attributeType,
      value: Buffer.from(datagram.subarray(offset + 4, end)),
    });
    offset = end + padding(attributeLength);
  }
  return { ok: true, message: { type, transactionId, attributes } };
}

/** Writes a message; attribute values are padded to 4 bytes with zeros. */
export function encodeStunMessage(message: StunMessage): Buffer {
  if (message.transactionId.length !== 12 && message.transactionId.length !== 16) {
    throw new RangeError('a STUN transaction id is 12 bytes (RFC 5389) or 16 (RFC 3489)');
  }
  const parts = message.attributes.map((attribute) => {
    if (attribute.value.length > 0xffff) throw new RangeError('STUN attribute value too long');
    const header = Buffer.alloc(4);
    header.writeUInt16BE(attribute.type, 0);
    header.writeUInt16BE(attribute.value.length, 2);
    return Buffer.concat([header, attribute.value, Buffer.alloc(padding(attribute.value.length))]);
  });
  const body = Buffer.concat(parts);
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt16BE(message.type, 0);
  header.writeUInt16BE(body.length, 2);
  if (message.transactionId.length === 12) {
    header.writeUInt32BE(MAGIC_COOKIE, 4);
    message.transactionId.copy(header, 8);
  } else {
    message.transactionId.copy(header, 4);
  }
  return Buffer.concat([header, body]);
}

/** MAPPED-ADDRESS (and RFC 3489's SOURCE-ADDRESS, CHANGED-ADDRESS): family, port, address. */
export function encodeAddress(address: TransportAddress): Buffer {
  const bytes = addressBytes(address);
  const value = Buffer.alloc(4 + bytes.length);
  value.writeUInt8(address.family === 'IPv4' ? 0x01 : 0x02, 1);
  value.writeUInt16BE(address.port, 2);
  bytes.copy(value, 4);
  return value;
}

/** XOR-MAPPED-ADDRESS: port and address XORed with the cookie (and the transaction id, IPv6). */
export function encodeXorAddress(address: TransportAddress, transactionId: Buffer): Buffer {
  return xorAddressValue(encodeAddress(address), transactionId);
}

export function decodeAddress(value: Buffer): TransportAddress | undefined {
  if (value.length < 4) return undefined;
  const family = value.readUInt8(1);
  const port = value.readUInt16BE(2);
  if (family === 0x01 && value.length === 8) {
    return { family: 'IPv4', port, address: [...value.subarray(4)].join('.') };
  }
  if (family === 0x02 && value.length === 20) {
    const groups: string[] = [];
    for (let i = 4; i < 20; i += 2) groups.push(value.readUInt16BE(i).toString(16));
    return { family: 'IPv6', port, address: compressIPv6(groups) };
  }
  return undefined;
}

export function decodeXorAddress(
  value: Buffer,
  transactionId: Buffer,
): TransportAddress | undefined {
  if (value.length < 4 || transactionId.length !== 12) return undefined;
  return decodeAddress(xorAddressValue(value, transactionId));
}

/** The first attribute of a type, if any (RFC 5389: later duplicates are ignored). */
export function attributeOf(message: StunMessage, type: number): Buffer | undefined {
  return message.attributes.find((attribute) => attribute.type === type)?.value;
}

/** The FINGERPRINT attribute's value for a message whose bytes up to it are `prefix`. */
export function fingerprintOf(prefix: Buffer, lengthWithFingerprint: number): number {
  // The CRC covers the header with the length field already counting the FINGERPRINT attribute.
  const adjusted = Buffer.from(prefix);
  adjusted.writeUInt16BE(lengthWithFingerprint - HEADER_BYTES, 2);
  return (crc32(adjusted) ^ FINGERPRINT_XOR) >>> 0;
}

function xorAddressValue(value: Buffer, transactionId: Buffer): Buffer {
  const out = Buffer.from(value);
  const mask = Buffer.alloc(16);
  mask.writeUInt32BE(MAGIC_COOKIE, 0);
  transactionId.copy(mask, 4);
  out.writeUInt16BE(value.readUInt16BE(2) ^ (MAGIC_COOKIE >>> 16), 2);
  for (let i = 4; i < out.length; i++) out[i] = (value[i] ?? 0) ^ (mask[i - 4] ?? 0);
  return out;
}

function addressBytes(address: TransportAddress): Buffer {
  if (address.family === 'IPv4') {
    if (!isIPv4(address.address)) throw new RangeError(`not an IPv4 address: ${address.address}`);
    return Buffer.from(address.address.split('.').map(Number));
  }
  if (!isIPv6(address.address)) throw new RangeError(`not an IPv6 address: ${address.address}`);
  return ipv6Bytes(address.address);
}

function ipv6Bytes(text: string): Buffer {
  // An embedded IPv4 tail (::ffff:1.2.3.4) becomes two hex groups first.
  const unscoped = text.split('%')[0] ?? text; // fe80::1%eth0: the zone is not on the wire
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(unscoped);
  let normalized = unscoped;
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    normalized = `${unscoped.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = normalized.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const missing = 8 - headGroups.length - tailGroups.length;
  const groups = [
    ...headGroups,
    ...Array<string>(tail === undefined ? 0 : missing).fill('0'),
    ...tailGroups,
  ];
  const out = Buffer.alloc(16);
  groups.forEach((group, index) => out.writeUInt16BE(Number.parseInt(group, 16), index * 2));
  return out;
}

/** RFC 5952 text: the longest run (two or more) of zero groups becomes `::`. */
function compressIPv6(groups: string[]): string {
  let bestStart = -1;
  let bestLength = 0;
  for (let start = 0; start < groups.length; ) {
    if (groups[start] !== '0') {
      start++;
      continue;
    }
    let end = start;
    while (end < groups.length && groups[end] === '0') end++;
    if (end - start > bestLength) {
      bestStart = start;
      bestLength = end - start;
    }
    start = end;
  }
  if (bestLength < 2) return groups.join(':');
  const before = groups.slice(0, bestStart).join(':');
  const after = groups.slice(bestStart + bestLength).join(':');
  return `${before}::${after}`;
}

function padding(length: number): number {
  return (4 - (length % 4)) % 4;
}
