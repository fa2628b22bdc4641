import { checkNonceKeys, issueNonce, NonceSecretError, opaqueFor, verifyNonce } from './nonce';

const KEY = Buffer.alloc(32, 7);
const OTHER_KEY = Buffer.alloc(32, 9);
const SALT = Buffer.alloc(12, 1);
const LIFETIME = 60_000;
const T0 = 1_700_000_000_000;

describe('stateless nonces', () => {
  it('verify on any holder of the key until their lifetime is over, then are stale', () => {
    const nonce = issueNonce(KEY, 'cwmp', T0, SALT);
    expect(nonce).toMatch(/^[A-Za-z0-9_-]{50}$/);
    expect(verifyNonce({ current: KEY }, 'cwmp', nonce, T0 + 1_000, LIFETIME)).toEqual({
      status: 'valid',
      issuedAtMs: T0,
      expiresAtMs: T0 + LIFETIME,
    });
    expect(verifyNonce({ current: KEY }, 'cwmp', nonce, T0 + LIFETIME, LIFETIME)).toEqual({
      status: 'stale',
      issuedAtMs: T0,
    });
  });

  it('differ with the salt, so two challenges in one millisecond do not share a nonce', () => {
    expect(issueNonce(KEY, 'cwmp', T0, SALT)).not.toBe(
      issueNonce(KEY, 'cwmp', T0, Buffer.alloc(12, 2)),
    );
  });

  it('are invalid under another key, another realm, or when altered', () => {
    const nonce = issueNonce(KEY, 'cwmp', T0, SALT);
    expect(verifyNonce({ current: OTHER_KEY }, 'cwmp', nonce, T0, LIFETIME).status).toBe('invalid');
    expect(verifyNonce({ current: KEY }, 'other', nonce, T0, LIFETIME).status).toBe('invalid');
    // Moving the issue time forward (to extend a nonce's life) breaks the signature.
    const bytes = Buffer.from(nonce, 'base64url');
    bytes.writeBigUInt64BE(BigInt(T0 + LIFETIME), 1);
    expect(
      verifyNonce({ current: KEY }, 'cwmp', bytes.toString('base64url'), T0, LIFETIME).status,
    ).toBe('invalid');
    expect(
      verifyNonce({ current: KEY }, 'cwmp', 'dcd98b7102dd2f0e8b11d0f600bfb0c093', T0, LIFETIME)
        .status,
    ).toBe('invalid');
    expect(verifyNonce({ current: KEY }, 'cwmp', 'not base64!', T0, LIFETIME).status).toBe(
      'invalid',
    );
  });

  it('issued under a previous key still verify after a rotation', () => {
    const nonce = issueNonce(OTHER_KEY, 'cwmp', T0, SALT);
    const rotated = { current: KEY, previous: [OTHER_KEY] };
    expect(verifyNonce(rotated, 'cwmp', nonce, T0, LIFETIME).status).toBe('valid');
  });

  it('from far in the future (clock skew or forgery) are not accepted as valid', () => {
    const nonce = issueNonce(KEY, 'cwmp', T0 + 60_000, SALT);
    expect(verifyNonce({ current: KEY }, 'cwmp', nonce, T0, LIFETIME * 10).status).toBe('stale');
  });

  it('refuse short secrets without printing them', () => {
    expect(() => checkNonceKeys({ current: Buffer.from('short-secret') })).toThrow(
      NonceSecretError,
    );
    expect(() => checkNonceKeys({ current: Buffer.from('short-secret') })).not.toThrow(
      /short-secret/,
    );
    expect(() => checkNonceKeys({ current: KEY, previous: [Buffer.alloc(8)] })).toThrow(
      /at least 32 bytes/,
    );
  });

  it('share one opaque per key and realm', () => {
    expect(opaqueFor(KEY, 'cwmp')).toBe(opaqueFor(Buffer.alloc(32, 7), 'cwmp'));
    expect(opaqueFor(KEY, 'cwmp')).not.toBe(opaqueFor(OTHER_KEY, 'cwmp'));
  });
});
