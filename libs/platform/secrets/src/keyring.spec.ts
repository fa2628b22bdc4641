import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@acs/config';
import {
  generateSecretKeyEntry,
  parseSecretKeys,
  SecretKeyring,
  SecretKeyringError,
  SecretTamperedError,
  UnknownSecretKeyError,
} from './keyring';
import { secretsOf } from './secret-settings';
import { LOCAL_SECRET_KEY_FILE, secretsAtStart } from './secrets-at-start';

const ring = (...entries: string[]) => new SecretKeyring(parseSecretKeys(entries.join(',')));
const CONTEXT = 'dev-1|Device.ManagementServer.Password';

describe('SecretKeyring', () => {
  const kid0 = generateSecretKeyEntry('kid0');
  const kid1 = generateSecretKeyEntry('kid1');

  it('round-trips, with a fresh nonce each time and no plaintext in the sealed value', () => {
    const keyring = ring(kid0);
    const first = keyring.seal('hunter2-passphrase', CONTEXT);
    const second = keyring.seal('hunter2-passphrase', CONTEXT);
    expect(first).toMatch(/^acs-enc:v1:kid0:/);
    expect(first).not.toEqual(second);
    expect(first).not.toContain('hunter2');
    expect(SecretKeyring.isSealed(first)).toBe(true);
    expect(SecretKeyring.isSealed('hunter2')).toBe(false);
    expect(keyring.open(first, CONTEXT)).toBe('hunter2-passphrase');
    expect(keyring.open(keyring.seal('', CONTEXT), CONTEXT)).toBe('');
  });

  it('derives the same value for a label from the current key, another for another label or key', () => {
    const keyring = ring(kid0, kid1);
    const derived = keyring.derive('cr-password|dev-1', 18);
    expect(derived).toHaveLength(18);
    expect(keyring.derive('cr-password|dev-1', 18)).toEqual(derived);
    expect(ring(kid0).derive('cr-password|dev-1', 18)).toEqual(derived);
    expect(keyring.derive('cr-password|dev-2', 18)).not.toEqual(derived);
    expect(ring(kid1, kid0).derive('cr-password|dev-1', 18)).not.toEqual(derived);
    const key = parseSecretKeys(kid0)[0]?.key;
    expect(key?.includes(derived)).toBe(false);
  });

  it('rotates: new values use the first key, values sealed with an older key still open', () => {
    const sealedBefore = ring(kid0).seal('old', CONTEXT);
    const rotated = ring(kid1, kid0);
    expect(rotated.open(sealedBefore, CONTEXT)).toBe('old');
    expect(rotated.isStale(sealedBefore)).toBe(true);
    const sealedAfter = rotated.seal('new', CONTEXT);
    expect(sealedAfter).toMatch(/^acs-enc:v1:kid1:/);
    expect(rotated.isStale(sealedAfter)).toBe(false);
  });

  it('refuses an altered value, another context, or a relabelled key id', () => {
    const keyring = ring(kid0, kid1);
    const sealed = keyring.seal('secret', CONTEXT);
    const parts = sealed.split(':');
    const body = Buffer.from(parts[5] ?? '', 'base64url');
    body.writeUInt8(body.readUInt8(0) ^ 1, 0);
    const flipped = [...parts.slice(0, 5), body.toString('base64url')].join(':');
    expect(() => keyring.open(flipped, CONTEXT)).toThrow(SecretTamperedError);
    expect(() => keyring.open(sealed, 'dev-2|Device.ManagementServer.Password')).toThrow(
      SecretTamperedError,
    );
    const relabelled = [parts[0], parts[1], 'kid1', ...parts.slice(3)].join(':');
    expect(() => keyring.open(relabelled, CONTEXT)).toThrow(/does not open/);
    expect(() => keyring.open('acs-enc:v1:kid0:x', CONTEXT)).toThrow(SecretTamperedError);
    expect(() => keyring.open(sealed.replace(':v1:', ':v9:'), CONTEXT)).toThrow(/version/);
  });

  it('names an unknown key id', () => {
    const sealed = ring(kid1).seal('secret', CONTEXT);
    const error = (() => {
      try {
        ring(kid0).open(sealed, CONTEXT);
      } catch (thrown) {
        return thrown;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(UnknownSecretKeyError);
    expect((error as UnknownSecretKeyError).kid).toBe('kid1');
  });

  it('refuses a malformed ring without echoing the key material', () => {
    expect(() => ring('kid0:c2hvcnQ=')).toThrow(/kid0 is not 32 bytes/);
    expect(() => ring(kid0, kid0)).toThrow(/appears twice/);
    expect(() => ring('no-colon')).toThrow(SecretKeyringError);
    expect(() => ring('bad kid!:' + kid0.split(':')[1])).toThrow(/key id/);
    expect(() => new SecretKeyring([])).toThrow(/no key/);
  });
});

describe('secretsOf', () => {
  const settings = { secretParameters: [] as string[] };

  it('reads the ring from ACS_SECRET_KEYS or a file, and none when neither is set', () => {
    const directory = mkdtempSync(join(tmpdir(), 'secrets-'));
    try {
      const file = join(directory, 'keys');
      writeFileSync(file, `# current first\n${generateSecretKeyEntry('k2')}\n`);
      expect(secretsOf({ ...settings, secretKeysFile: file }).keyring?.currentKid).toBe('k2');
      const inline = generateSecretKeyEntry('k1');
      expect(secretsOf({ ...settings, secretKeys: inline }).keyring?.currentKid).toBe('k1');
      expect(secretsOf(settings).keyring).toBeNull();
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('reports every problem by variable, without the key material', () => {
    const material = Buffer.alloc(16, 7).toString('base64');
    let error: unknown;
    try {
      secretsOf({ secretParameters: ['Device..X'], secretKeys: `k:${material}` });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      expect.stringMatching(/^ACS_SECRET_PARAMETERS: /),
      'ACS_SECRET_KEYS: key k is not 32 bytes',
    ]);
    expect(() => secretsOf({ ...settings, secretKeys: `k:${material}` })).not.toThrow(material);
    expect(() => secretsOf({ ...settings, secretKeysFile: '/nonexistent/keys' })).toThrow(
      /ACS_SECRET_KEYS_FILE: cannot read/,
    );
  });
});

describe('secretsAtStart', () => {
  const settings = { secretParameters: [] as string[] };

  it('keeps a key under a local data directory, made once and announced', () => {
    const directory = mkdtempSync(join(tmpdir(), 'secrets-'));
    try {
      const logged: string[] = [];
      const options = { localDataDir: join(directory, 'data'), log: (m: string) => logged.push(m) };
      const first = secretsAtStart(settings, options);
      const sealed = first.keyring.seal('pw', CONTEXT);
      const second = secretsAtStart(settings, options);
      expect(second.keyring.open(sealed, CONTEXT)).toBe('pw');
      expect(logged).toEqual([expect.stringMatching(/generated a secret key/)]);
      expect(statSync(join(directory, 'data', LOCAL_SECRET_KEY_FILE)).mode & 0o077).toBe(0);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('refuses to start on a shared store without a key, and uses one given', () => {
    const options = { localDataDir: null, log: () => undefined };
    expect(() => secretsAtStart(settings, options)).toThrow(ConfigError);
    const given = { ...settings, secretKeys: generateSecretKeyEntry('prod1') };
    expect(secretsAtStart(given, options).keyring.currentKid).toBe('prod1');
  });
});
