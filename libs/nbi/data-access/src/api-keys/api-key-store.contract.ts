import { ManualClock } from '@acs/testing';
import { API_KEY_PREFIX, ApiKeyStore } from './api-key-store';

export interface ApiKeyStoreHarness {
  create(clock: ManualClock): Promise<ApiKeyStore>;
  cleanup(): Promise<void>;
  /** Every stored value as text, to prove no plaintext secret is kept. */
  dumpStorage(): Promise<string>;
}

/** The behaviour every ApiKeyStore adapter must have; run by each adapter's spec. */
export function apiKeyStoreContract(name: string, harness: ApiKeyStoreHarness): void {
  describe(`${name}: API key store contract`, () => {
    let clock: ManualClock;
    let store: ApiKeyStore;

    beforeEach(async () => {
      clock = new ManualClock();
      store = await harness.create(clock);
    });
    afterEach(() => harness.cleanup());

    it('creates a key, returning its secret once, and authenticates with it', async () => {
      expect(await store.isEmpty()).toBe(true);
      const { apiKey, secret } = await store.create({ name: 'noc-dashboard', role: 'read-only' });
      expect(apiKey).toEqual({
        id: expect.any(String),
        name: 'noc-dashboard',
        role: 'read-only',
        createdAt: clock.iso(),
      });
      expect(secret.startsWith(API_KEY_PREFIX)).toBe(true);
      // 32 random bytes in base64url.
      expect(secret.length - API_KEY_PREFIX.length).toBe(43);
      expect(await store.authenticate(secret)).toEqual(apiKey);
      expect(await store.isEmpty()).toBe(false);
    });

    it('stores no secret in plaintext', async () => {
      const { secret } = await store.create({ name: 'ops', role: 'admin' });
      const stored = await harness.dumpStorage();
      expect(stored).toContain('ops');
      expect(stored).not.toContain(secret);
      expect(stored).not.toContain(secret.slice(API_KEY_PREFIX.length));
    });

    it('refuses unknown and near-miss secrets', async () => {
      const { secret } = await store.create({ name: 'ops', role: 'operator' });
      expect(await store.authenticate('acs_not-a-key')).toBeNull();
      expect(await store.authenticate(secret.slice(0, -1))).toBeNull();
      expect(await store.authenticate(`${secret} `)).toBeNull();
      expect(await store.authenticate('')).toBeNull();
    });

    it('lists keys oldest first without secrets, revoked ones marked', async () => {
      const first = await store.create({ name: 'first', role: 'admin' });
      clock.advance(1000);
      const second = await store.create({ name: 'second', role: 'operator' });
      clock.advance(1000);
      expect(await store.revoke(first.apiKey.id)).toBe(true);
      const listed = await store.list();
      expect(listed).toEqual([{ ...first.apiKey, revokedAt: clock.iso() }, second.apiKey]);
      expect(JSON.stringify(listed)).not.toContain(first.secret);
    });

    it('stops authenticating a revoked key; revoking twice keeps the first time', async () => {
      const { apiKey, secret } = await store.create({ name: 'leaked', role: 'admin' });
      expect(await store.revoke(apiKey.id)).toBe(true);
      const revokedAt = clock.iso();
      expect(await store.authenticate(secret)).toBeNull();
      clock.advance(5000);
      expect(await store.revoke(apiKey.id)).toBe(true);
      expect((await store.list())[0]?.revokedAt).toBe(revokedAt);
      expect(await store.revoke('no-such-key')).toBe(false);
      // A store whose only key was revoked is not empty: the first-start key is not re-issued.
      expect(await store.isEmpty()).toBe(false);
    });
  });
}
