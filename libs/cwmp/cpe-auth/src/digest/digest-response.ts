import { createHash, timingSafeEqual } from 'crypto';

/**
 * The Digest `response` value for MD5 with qop=auth (RFC 7616 section 3.4.1, identical to
 * RFC 2617 section 3.2.2.1 for these parameters):
 *   HA1 = MD5(username:realm:password), HA2 = MD5(method:digest-uri)
 *   response = MD5(HA1:nonce:nc:cnonce:qop:HA2)
 */
export interface DigestResponseInput {
  username: string;
  realm: string;
  password: string;
  method: string;
  /** The digest-uri exactly as the client put it in its header. */
  uri: string;
  nonce: string;
  nc: string;
  cnonce: string;
  qop: 'auth';
}

export function computeDigestResponse(input: DigestResponseInput): string {
  const ha1 = md5Hex(`${input.username}:${input.realm}:${input.password}`);
  const ha2 = md5Hex(`${input.method}:${input.uri}`);
  return md5Hex(`${ha1}:${input.nonce}:${input.nc}:${input.cnonce}:${input.qop}:${ha2}`);
}

/** Compares in constant time, so the comparison does not leak how much of a guess was right. */
export function digestResponsesEqual(expected: string, presented: string): boolean {
  return constantTimeEqual(expected.toLowerCase(), presented.toLowerCase());
}

export function constantTimeEqual(a: string, b: string): boolean {
  // Hashing first gives equal lengths, so the length of the secret does not leak either.
  const left = createHash('sha256').update(a, 'utf8').digest();
  const right = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(left, right);
}

function md5Hex(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}

/** nc is 8 hex digits by the RFC; CPEs send fewer or upper-case ones, so any 1-8 hex digits. */
export function parseNonceCount(nc: string): number | undefined {
  if (!/^[0-9a-fA-F]{1,8}$/.test(nc)) return undefined;
  return Number.parseInt(nc, 16);
}
