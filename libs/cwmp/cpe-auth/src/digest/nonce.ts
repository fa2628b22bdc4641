import { createHmac, timingSafeEqual } from 'crypto';

/**
 * Stateless nonces: any gateway pod that holds the secret can verify a nonce another pod issued,
 * and a CPE may answer the challenge on a new TCP connection, so nothing binds a nonce to a
 * socket or to one process's memory.
 *
 * Layout (base64url, 50 characters, safe unquoted): version (1 byte) | issue time in ms
 * (8 bytes, big-endian) | random salt (12 bytes) | HMAC-SHA256 over the above and the realm,
 * truncated to 16 bytes. The issue time lets a verifier tell a stale nonce from a forged one.
 */
const VERSION = 1;
const SALT_BYTES = 12;
const MAC_BYTES = 16;
const PAYLOAD_BYTES = 1 + 8 + SALT_BYTES;
const NONCE_BYTES = PAYLOAD_BYTES + MAC_BYTES;
/** Below this the HMAC key is guessable offline from one observed nonce. */
export const MIN_NONCE_SECRET_BYTES = 32;

export interface NonceKeys {
  /** Signs new nonces. */
  current: Buffer;
  /** Still accepted when verifying, so a secret can be rotated without failing live challenges. */
  previous?: readonly Buffer[];
}

export class NonceSecretError extends Error {
  override readonly name = 'NonceSecretError';
}

export function checkNonceKeys(keys: NonceKeys): void {
  for (const key of [keys.current, ...(keys.previous ?? [])]) {
    if (key.length < MIN_NONCE_SECRET_BYTES) {
      throw new NonceSecretError(
        `a nonce secret must have at least ${MIN_NONCE_SECRET_BYTES} bytes (one has ${key.length})`,
      );
    }
  }
}

/** `salt` comes from the caller (a CSPRNG in production) so this stays a pure function. */
export function issueNonce(key: Buffer, realm: string, issuedAtMs: number, salt: Buffer): string {
  if (salt.length !== SALT_BYTES) throw new RangeError(`salt must be ${SALT_BYTES} bytes`);
  const payload = Buffer.alloc(PAYLOAD_BYTES);
  payload.writeUInt8(VERSION, 0);
  payload.writeBigUInt64BE(BigInt(Math.max(0, Math.floor(issuedAtMs))), 1);
  salt.copy(payload, 9);
  return Buffer.concat([payload, mac(key, realm, payload)]).toString('base64url');
}

export type NonceCheck =
  | { status: 'valid'; issuedAtMs: number; expiresAtMs: number }
  | { status: 'stale'; issuedAtMs: number }
  /** Not issued with any of our keys for this realm (forged, truncated, or from another system). */
  | { status: 'invalid' };

export function verifyNonce(
  keys: NonceKeys,
  realm: string,
  nonce: string,
  nowMs: number,
  lifetimeMs: number,
): NonceCheck {
  if (!/^[A-Za-z0-9_-]+$/.test(nonce)) return { status: 'invalid' };
  const bytes = Buffer.from(nonce, 'base64url');
  if (bytes.length !== NONCE_BYTES || bytes.readUInt8(0) !== VERSION) return { status: 'invalid' };
  const payload = bytes.subarray(0, PAYLOAD_BYTES);
  const presented = bytes.subarray(PAYLOAD_BYTES);
  const signed = [keys.current, ...(keys.previous ?? [])].some((key) =>
    timingSafeEqual(mac(key, realm, payload), presented),
  );
  if (!signed) return { status: 'invalid' };
  const issuedAtMs = Number(payload.readBigUInt64BE(1));
  const expiresAtMs = issuedAtMs + lifetimeMs;
  // A nonce from the future (clock skew between pods) beyond a small margin is refused as stale.
  if (nowMs >= expiresAtMs || issuedAtMs > nowMs + CLOCK_SKEW_TOLERANCE_MS) {
    return { status: 'stale', issuedAtMs };
  }
  return { status: 'valid', issuedAtMs, expiresAtMs };
}

const CLOCK_SKEW_TOLERANCE_MS = 5_000;

function mac(key: Buffer, realm: string, payload: Buffer): Buffer {
  return createHmac('sha256', key)
    .update(payload)
    .update(Buffer.from(realm, 'utf8'))
    .digest()
    .subarray(0, MAC_BYTES);
}

/**
 * The `opaque` the challenges carry: derived from the secret and realm, so every pod sends the
 * same one and can recognize it without shared state.
 */
export function opaqueFor(key: Buffer, realm: string): string {
  return createHmac('sha256', key).update(`opaque:${realm}`).digest('hex').slice(0, 32);
}

export const NONCE_SALT_BYTES = SALT_BYTES;
