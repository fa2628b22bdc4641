import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM with a keyring of key-encryption keys, for the secrets the platform keeps at rest
 * (a CPE's passwords and passphrases in inventory, ...).
 *
 * A sealed value is one string, `acs-enc:v1:<kid>:<iv>:<tag>:<ciphertext>` (base64url parts), so
 * it travels through every store and JSON unchanged and says which key opens it. New values are
 * sealed with the current key (the first of the ring); the older keys stay to open what they
 * sealed, which is how a key is rotated: put the new one first, keep the old one until nothing
 * sealed with it is left. The version, the key id and the caller's context (e.g. the device and
 * parameter path) are authenticated too, so a sealed value copied to another device or relabelled
 * with another key id does not open.
 */
const PREFIX = 'acs-enc';
const VERSION = 'v1';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KID = /^[A-Za-z0-9_-]{1,32}$/;

export interface SecretKey {
  kid: string;
  key: Buffer;
}

/** A sealed value whose key id no key of the ring has (a key removed too early, or a foreign value). */
export class UnknownSecretKeyError extends Error {
  override readonly name = 'UnknownSecretKeyError';

  constructor(readonly kid: string) {
    super(`no secret key with id ${JSON.stringify(kid)} in the keyring`);
  }
}

/** A sealed value that is malformed, altered, or sealed for another context: it does not open. */
export class SecretTamperedError extends Error {
  override readonly name = 'SecretTamperedError';

  constructor(reason: string) {
    super(`sealed secret does not open: ${reason}`);
  }
}

/** A keyring's text is malformed (the message names the entry, never the key material). */
export class SecretKeyringError extends Error {
  override readonly name = 'SecretKeyringError';
}

export class SecretKeyring {
  private readonly byKid: ReadonlyMap<string, Buffer>;

  constructor(keys: readonly SecretKey[]) {
    if (keys.length === 0) throw new SecretKeyringError('the keyring holds no key');
    const byKid = new Map<string, Buffer>();
    for (const { kid, key } of keys) {
      if (!KID.test(kid))
        throw new SecretKeyringError(
          `key id ${JSON.stringify(kid)} is not 1-32 of A-Z a-z 0-9 _ -`,
        );
      if (key.length !== KEY_BYTES)
        throw new SecretKeyringError(`key ${kid} is not ${KEY_BYTES} bytes`);
      if (byKid.has(kid)) throw new SecretKeyringError(`key id ${kid} appears twice`);
      byKid.set(kid, key);
    }
    this.byKid = byKid;
    [this.current] = keys as [SecretKey, ...SecretKey[]];
  }

  private readonly current: SecretKey;

  /** The key new values are sealed with. */
  get currentKid(): string {
    return this.current.kid;
  }

  static isSealed(value: unknown): value is string {
    return typeof value === 'string' && value.startsWith(`${PREFIX}:`);
  }

  seal(plaintext: string, context: string): string {
    const { kid, key } = this.current;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(aad(kid, context));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const parts = [iv, cipher.getAuthTag(), body].map((part) => part.toString('base64url'));
    return [PREFIX, VERSION, kid, ...parts].join(':');
  }

  /** Throws UnknownSecretKeyError or SecretTamperedError; never returns a wrong plaintext. */
  open(sealed: string, context: string): string {
    const parts = sealed.split(':');
    if (parts.length !== 6 || parts[0] !== PREFIX)
      throw new SecretTamperedError('not a sealed value');
    const [, version, kid, ivText, tagText, bodyText] = parts as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    if (version !== VERSION)
      throw new SecretTamperedError(`unknown version ${JSON.stringify(version)}`);
    const key = this.byKid.get(kid);
    if (!key) throw new UnknownSecretKeyError(kid);
    const iv = Buffer.from(ivText, 'base64url');
    const tag = Buffer.from(tagText, 'base64url');
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES)
      throw new SecretTamperedError('bad nonce or tag length');
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(aad(kid, context));
    decipher.setAuthTag(tag);
    try {
      const body = Buffer.from(bodyText, 'base64url');
      return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretTamperedError('authentication failed');
    }
  }

  /**
   * A value derived from the current key for `label` (HKDF-SHA256): the same for the same label
   * while the key is current, unpredictable without the key, never the key itself. For secrets
   * the platform chooses for a device and must choose again the same way (its connection-request
   * password) until it has stored them.
   */
  derive(label: string, bytes: number): Buffer {
    return Buffer.from(
      hkdfSync('sha256', this.current.key, '', `${PREFIX}:derive:${label}`, bytes),
    );
  }

  /** True when the value was sealed with an older key: worth sealing again with the current one. */
  isStale(sealed: string): boolean {
    return sealed.split(':')[2] !== this.currentKid;
  }
}

function aad(kid: string, context: string): Buffer {
  return Buffer.from(`${PREFIX}:${VERSION}:${kid}:${context}`, 'utf8');
}

/**
 * Parses `kid1:<base64 of 32 bytes>,kid0:<...>` (commas or new lines between entries, `#`
 * comments on their own line in a file); the first entry is the current key.
 */
export function parseSecretKeys(text: string): SecretKey[] {
  const entries = text
    .split(/[,\n]/)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '' && !entry.startsWith('#'));
  return entries.map((entry, index) => {
    const colon = entry.indexOf(':');
    if (colon <= 0) throw new SecretKeyringError(`entry ${index + 1} is not <kid>:<base64 key>`);
    const kid = entry.slice(0, colon);
    const material = entry.slice(colon + 1).trim();
    if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(material))
      throw new SecretKeyringError(`key ${kid} is not base64`);
    return { kid, key: Buffer.from(material, 'base64') };
  });
}

/** A new random key as one keyring entry, for a first start or a rotation. */
export function generateSecretKeyEntry(kid: string): string {
  return `${kid}:${randomBytes(KEY_BYTES).toString('base64')}`;
}
