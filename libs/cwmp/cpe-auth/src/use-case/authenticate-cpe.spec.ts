import { useConnections, useRedisServer } from '@acs/testing';
import { Redis } from 'ioredis';
import { CachingCredentialsProvider } from '../adapters/memory/caching-credentials-provider';
import { InMemoryCredentialsProvider } from '../adapters/memory/in-memory-credentials-provider';
import { RedisFailureCounterStore } from '../adapters/redis/redis-failure-counter-store';
import { DEFAULT_KEY_PREFIX, nonceCountKey } from '../adapters/redis/keys';
import { RedisNonceCounterStore } from '../adapters/redis/redis-nonce-counter-store';
import { NonceSecretError } from '../digest/nonce';
import {
  answerDigestChallenge,
  basicAuthorization,
  parseDigestChallenge,
  waitFor,
} from '../test-support/digest-client';
import type { AuthenticationEvent, AuthenticationResult } from './authentication-result';
import {
  AuthenticateCpe,
  type AuthenticateCpeOptions,
  type AuthenticateCpeRequest,
} from './authenticate-cpe';

// RFC 2617 section 3.5's user, realm, request and cnonce: the exchange below is its example,
// with a nonce of ours instead of the RFC's (ours are signed).
const REALM = 'testrealm@host.com';
const MUFASA = { username: 'Mufasa', password: 'Circle Of Life' };
const RFC_REQUEST = { method: 'GET', uri: '/dir/index.html', cnonce: '0a4f113b' };
const SECRET = Buffer.from('0123456789abcdef0123456789abcdef-test-only');
const DEVICE_A = { oui: '00259E', productClass: 'HG8245H', serialNumber: 'A0001' };
const DEVICE_B = { oui: '00259E', productClass: 'HG8245H', serialNumber: 'B0002' };
const DEVICE_A_CREDENTIALS = { username: 'cpe-A0001', password: 'device-a-secret' };
const DEVICE_B_CREDENTIALS = { username: 'cpe-B0002', password: 'device-b-secret' };
const HOUR_MS = 3_600_000;

const redisServer = useRedisServer();

describe('AuthenticateCpe with its counters in Redis', () => {
  const connect = useConnections(() => new Redis(redisServer.url));
  let redis: Redis | undefined;
  const client = () => (redis ??= connect());
  let events: AuthenticationEvent[] = [];

  beforeEach(async () => {
    await client().flushdb();
    events = [];
  });

  /** One gateway pod: its own caches and connection; only Redis and the secret are shared. */
  function pod(options: Partial<AuthenticateCpeOptions> = {}, connection: Redis = client()) {
    const credentials = new InMemoryCredentialsProvider({
      devices: [
        { ...DEVICE_A, ...DEVICE_A_CREDENTIALS },
        { ...DEVICE_B, ...DEVICE_B_CREDENTIALS },
      ],
      deviceClasses: [{ oui: 'FFFFFF', ...MUFASA }],
    });
    return new AuthenticateCpe(
      {
        credentials: new CachingCredentialsProvider(credentials, { ttlMs: 60_000 }),
        nonceCounters: new RedisNonceCounterStore(connection),
        failures: new RedisFailureCounterStore(connection),
      },
      {
        realm: REALM,
        nonceKeys: { current: SECRET },
        onEvent: (event) => events.push(event),
        ...options,
      },
    );
  }

  const request = (overrides: Partial<AuthenticateCpeRequest> = {}): AuthenticateCpeRequest => ({
    authorizationHeader: undefined,
    method: RFC_REQUEST.method,
    uri: RFC_REQUEST.uri,
    source: '198.51.100.7',
    secure: false,
    ...overrides,
  });

  function challengeOf(result: AuthenticationResult): string {
    if (result.outcome !== 'challenge' && result.outcome !== 'rejected') {
      throw new Error(`expected a 401, got ${JSON.stringify(result)}`);
    }
    return result.wwwAuthenticate;
  }

  const answer = (challenge: string, nc = 1, credentials = MUFASA, uri = RFC_REQUEST.uri) =>
    answerDigestChallenge(challenge, { ...credentials, ...RFC_REQUEST, uri, nc });

  it('challenges, then authenticates the RFC 2617 exchange, and later counts of the nonce', async () => {
    const gateway = pod();
    const challenge = challengeOf(await gateway.execute(request()));
    const parameters = parseDigestChallenge(challenge);
    expect(parameters).toMatchObject({ realm: REALM, qop: 'auth', algorithm: 'MD5' });
    expect(parameters.nonce).toMatch(/^[A-Za-z0-9_-]{50}$/);
    expect(parameters.opaque).toMatch(/^[0-9a-f]{32}$/);

    const authorizationHeader = answer(challenge, 1);
    expect(await gateway.execute(request({ authorizationHeader }))).toEqual({
      outcome: 'authenticated',
      username: 'Mufasa',
      scheme: 'digest',
      credentialsSource: 'class:FFFFFF-*',
    });
    // The CPE reuses the nonce for the next requests of its session, with nc counting up.
    const next = await gateway.execute(request({ authorizationHeader: answer(challenge, 2) }));
    expect(next.outcome).toBe('authenticated');
  });

  it('rejects a wrong password with a fresh challenge, and logs no secret', async () => {
    const gateway = pod();
    const challenge = challengeOf(await gateway.execute(request()));
    const wrong = { username: 'Mufasa', password: 'Circle of Life' };
    const result = await gateway.execute(
      request({ authorizationHeader: answer(challenge, 1, wrong) }),
    );
    expect(result).toMatchObject({ outcome: 'rejected', reason: 'bad-credentials' });
    const fresh = parseDigestChallenge(challengeOf(result));
    expect(fresh.nonce).not.toBe(parseDigestChallenge(challenge).nonce);
    expect(events).toEqual([
      { type: 'auth-failed', reason: 'bad-credentials', source: '198.51.100.7', counted: true },
    ]);
    const logged = JSON.stringify(events);
    for (const secret of [wrong.password, MUFASA.password, parseDigestChallenge(challenge).nonce]) {
      expect(logged).not.toContain(secret);
    }
  });

  it('rejects a replayed nonce count, and a lower one', async () => {
    const gateway = pod();
    const challenge = challengeOf(await gateway.execute(request()));
    expect(
      (await gateway.execute(request({ authorizationHeader: answer(challenge, 3) }))).outcome,
    ).toBe('authenticated');
    for (const nc of [3, 2]) {
      const replay = await gateway.execute(request({ authorizationHeader: answer(challenge, nc) }));
      expect(replay).toMatchObject({ outcome: 'rejected', reason: 'replayed-nonce-count' });
    }
  });

  it('answers an expired nonce with stale=true when the password was right, and not otherwise', async () => {
    let now = Date.now();
    const gateway = pod({ nonceLifetimeMs: 30_000, now: () => now });
    const challenge = challengeOf(await gateway.execute(request()));
    now += 30_001;
    const stale = await gateway.execute(request({ authorizationHeader: answer(challenge) }));
    expect(stale.outcome).toBe('challenge');
    const renewed = challengeOf(stale);
    expect(parseDigestChallenge(renewed).stale).toBe('true');
    expect(await gateway.execute(request({ authorizationHeader: answer(renewed) }))).toMatchObject({
      outcome: 'authenticated',
    });
    const guess = answer(challenge, 2, { username: 'Mufasa', password: 'guess' });
    expect(await gateway.execute(request({ authorizationHeader: guess }))).toMatchObject({
      outcome: 'rejected',
      reason: 'bad-credentials',
    });
  });

  it('accepts the answer to one pod challenge on another pod that shares only Redis', async () => {
    const podA = pod({}, connect());
    const podB = pod({}, connect());
    const challenge = challengeOf(await podA.execute(request()));
    expect(
      await podB.execute(request({ authorizationHeader: answer(challenge, 1) })),
    ).toMatchObject({
      outcome: 'authenticated',
      username: 'Mufasa',
    });
    // The count it accepted is known to pod A too: replaying it there fails.
    expect(
      await podA.execute(request({ authorizationHeader: answer(challenge, 1) })),
    ).toMatchObject({
      outcome: 'rejected',
      reason: 'replayed-nonce-count',
    });
  });

  it('refuses Basic on plain HTTP unless configured, and accepts it over TLS', async () => {
    const authorizationHeader = basicAuthorization(MUFASA.username, MUFASA.password);
    const refused = await pod().execute(request({ authorizationHeader }));
    expect(refused).toMatchObject({ outcome: 'rejected', reason: 'basic-not-allowed' });
    expect(challengeOf(refused)).toMatch(/^Digest /);

    expect(await pod().execute(request({ authorizationHeader, secure: true }))).toMatchObject({
      outcome: 'authenticated',
      scheme: 'basic',
    });
    const optedIn = pod({ allowBasicOverHttp: true });
    expect(await optedIn.execute(request({ authorizationHeader }))).toMatchObject({
      outcome: 'authenticated',
      username: 'Mufasa',
    });
    const wrong = basicAuthorization(MUFASA.username, 'nope');
    expect(await optedIn.execute(request({ authorizationHeader: wrong }))).toMatchObject({
      outcome: 'rejected',
      reason: 'bad-credentials',
    });
  });

  it('asks for Basic only where Basic would be accepted', async () => {
    const gateway = pod({ challengeScheme: 'basic' });
    expect(challengeOf(await gateway.execute(request({ secure: true })))).toBe(
      `Basic realm="${REALM}", charset="UTF-8"`,
    );
    expect(challengeOf(await gateway.execute(request()))).toMatch(/^Digest /);
  });

  it('rate-limits a source after repeated failures, on every pod, then lets it in after the cool-down', async () => {
    const limits = { maxFailures: 3, windowMs: 30_000, cooldownMs: 1_500 };
    const gateway = pod({ failureLimits: limits });
    const otherPod = pod({ failureLimits: limits }, connect());
    const wrong = { username: 'Mufasa', password: 'wrong' };
    for (let attempt = 0; attempt < 3; attempt++) {
      const challenge = challengeOf(await gateway.execute(request()));
      const result = await gateway.execute(
        request({ authorizationHeader: answer(challenge, 1, wrong) }),
      );
      expect(result).toMatchObject({ outcome: 'rejected', reason: 'bad-credentials' });
    }
    expect(events.at(-1)).toMatchObject({ type: 'auth-failed', blockedForMs: 1_500 });

    // Even the right password is not checked while the source is blocked.
    const challenge = challengeOf(await pod().execute(request({ source: '203.0.113.9' })));
    const right = answer(challenge, 1);
    const limited = await otherPod.execute(request({ authorizationHeader: right }));
    expect(limited).toEqual({ outcome: 'rate-limited', retryAfterSeconds: expect.any(Number) });
    if (limited.outcome === 'rate-limited') {
      expect(limited.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect(limited.retryAfterSeconds).toBeLessThanOrEqual(2);
    }
    // Other sources are not affected.
    expect(
      await gateway.execute(request({ authorizationHeader: right, source: '203.0.113.9' })),
    ).toMatchObject({ outcome: 'authenticated' });

    await waitFor(
      'the cool-down to end',
      async () => (await gateway.execute(request())).outcome === 'challenge',
    );
    const after = challengeOf(await gateway.execute(request()));
    expect(await gateway.execute(request({ authorizationHeader: answer(after, 1) }))).toMatchObject(
      {
        outcome: 'authenticated',
      },
    );
  });

  it('binds device credentials to the device the Inform names', async () => {
    const gateway = pod();
    const challenge = challengeOf(await gateway.execute(request()));
    const header = (nc: number) => answer(challenge, nc, DEVICE_A_CREDENTIALS);
    expect(
      await gateway.execute(request({ authorizationHeader: header(1), deviceHint: DEVICE_B })),
    ).toMatchObject({ outcome: 'rejected', reason: 'bad-credentials' });
    expect(events.at(-1)).toMatchObject({ deviceId: '00259E-HG8245H-B0002' });
    expect(
      await gateway.execute(request({ authorizationHeader: header(2), deviceHint: DEVICE_A })),
    ).toEqual({
      outcome: 'authenticated',
      username: 'cpe-A0001',
      scheme: 'digest',
      credentialsSource: 'device:00259E-HG8245H-A0001',
    });
  });

  it('accepts an absolute digest-uri for the request path, and refuses one for another path', async () => {
    const gateway = pod();
    const challenge = challengeOf(await gateway.execute(request()));
    const absolute = answer(challenge, 1, MUFASA, 'http://acs.example.net:7547/dir/index.html');
    expect((await gateway.execute(request({ authorizationHeader: absolute }))).outcome).toBe(
      'authenticated',
    );
    const elsewhere = answer(challenge, 2, MUFASA, '/other');
    expect(await gateway.execute(request({ authorizationHeader: elsewhere }))).toMatchObject({
      outcome: 'rejected',
      reason: 'uri-mismatch',
    });
  });

  it('refuses nonces it did not issue, other realms, missing qop and other algorithms', async () => {
    const gateway = pod();
    const challenge = challengeOf(await gateway.execute(request()));
    const genuine = answer(challenge, 1);
    const cases: [string, string][] = [
      [
        genuine.replace(/nonce="[^"]+"/, 'nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093"'),
        'invalid-nonce',
      ],
      [genuine.replace(`realm="${REALM}"`, 'realm="other"'), 'realm-mismatch'],
      [genuine.replace('qop=auth, ', ''), 'unsupported-digest'],
      [genuine.replace('algorithm=MD5', 'algorithm=SHA-256'), 'unsupported-digest'],
      [genuine.replace(/opaque="[^"]+"/, 'opaque="0000"'), 'opaque-mismatch'],
      ['Digest username=', 'malformed-authorization'],
    ];
    for (const [authorizationHeader, reason] of cases) {
      expect(await gateway.execute(request({ authorizationHeader }))).toMatchObject({
        outcome: 'rejected',
        reason,
      });
    }
    // None of these used a nonce count up: the genuine answer still goes through.
    expect((await gateway.execute(request({ authorizationHeader: genuine }))).outcome).toBe(
      'authenticated',
    );
  });

  describe('a nonce reused on later sessions (preemptive Authorization)', () => {
    // Each session's Inform reaches a pod of its own: the pods share only Redis and the secret.
    it('accepts it on a new session for its lifetime, with nc rising across sessions', async () => {
      let now = Date.now();
      const options = { nonceLifetimeMs: 2 * HOUR_MS, now: () => now };
      const challenge = challengeOf(await pod(options, connect()).execute(request()));
      const first = pod(options, connect());
      for (const nc of [1, 2]) {
        expect(
          (await first.execute(request({ authorizationHeader: answer(challenge, nc) }))).outcome,
        ).toBe('authenticated');
      }
      now += HOUR_MS;
      const next = await pod(options, connect()).execute(
        request({ authorizationHeader: answer(challenge, 3) }),
      );
      expect(next).toMatchObject({ outcome: 'authenticated', username: 'Mufasa' });
      // The count is kept in Redis for the rest of the nonce's life, not for one session's.
      const ttlMs = await client().pttl(
        nonceCountKey(DEFAULT_KEY_PREFIX, parseDigestChallenge(challenge).nonce ?? ''),
      );
      expect(ttlMs).toBeGreaterThan(HOUR_MS - 60_000);
      expect(ttlMs).toBeLessThanOrEqual(HOUR_MS);
    });

    it('refuses a replayed or lower nc from an earlier session with a fresh challenge', async () => {
      let now = Date.now();
      const gateway = pod({ nonceLifetimeMs: 2 * HOUR_MS, now: () => now });
      const challenge = challengeOf(await gateway.execute(request()));
      const captured = answer(challenge, 4);
      expect((await gateway.execute(request({ authorizationHeader: captured }))).outcome).toBe(
        'authenticated',
      );
      now += HOUR_MS;
      for (const authorizationHeader of [captured, answer(challenge, 3)]) {
        const replay = await pod({ nonceLifetimeMs: 2 * HOUR_MS, now: () => now }).execute(
          request({ authorizationHeader }),
        );
        expect(replay).toMatchObject({ outcome: 'rejected', reason: 'replayed-nonce-count' });
        const fresh = parseDigestChallenge(challengeOf(replay));
        expect(fresh.nonce).not.toBe(parseDigestChallenge(challenge).nonce);
        expect(fresh.stale).toBeUndefined();
        expect(events.at(-1)).toMatchObject({ counted: false });
      }
    });

    it('answers stale=true once it expired, then accepts the answer to the new nonce', async () => {
      let now = Date.now();
      const gateway = pod({ nonceLifetimeMs: 2 * HOUR_MS, now: () => now });
      const challenge = challengeOf(await gateway.execute(request()));
      expect(
        (await gateway.execute(request({ authorizationHeader: answer(challenge, 1) }))).outcome,
      ).toBe('authenticated');
      now += 2 * HOUR_MS;
      const stale = await gateway.execute(request({ authorizationHeader: answer(challenge, 2) }));
      expect(stale.outcome).toBe('challenge');
      const renewed = challengeOf(stale);
      expect(parseDigestChallenge(renewed).stale).toBe('true');
      expect(
        await gateway.execute(request({ authorizationHeader: answer(renewed, 1) })),
      ).toMatchObject({ outcome: 'authenticated' });
    });

    it("refuses another device's captured Authorization, whichever device it claims", async () => {
      // Nonces are not bound to a device: the response is, to the password of the credentials it
      // names (bound to their device), and the count to the nonce. So a header seen on the wire
      // lets nobody in: not as another device, not as its own once its count was used.
      const gateway = pod();
      const challenge = challengeOf(await gateway.execute(request({ deviceHint: DEVICE_A })));
      const captured = answer(challenge, 1, DEVICE_A_CREDENTIALS);
      expect(
        await gateway.execute(request({ authorizationHeader: captured, deviceHint: DEVICE_A })),
      ).toMatchObject({ outcome: 'authenticated' });
      const asB = answer(challenge, 2, DEVICE_A_CREDENTIALS);
      expect(
        await gateway.execute(request({ authorizationHeader: asB, deviceHint: DEVICE_B })),
      ).toMatchObject({ outcome: 'rejected', reason: 'bad-credentials' });
      expect(
        await gateway.execute(request({ authorizationHeader: captured, deviceHint: DEVICE_A })),
      ).toMatchObject({ outcome: 'rejected', reason: 'replayed-nonce-count' });
      // Device B with its own password may answer that nonce: it proves B's password, nothing of A's.
      const ownB = answer(challenge, 3, DEVICE_B_CREDENTIALS);
      expect(
        await gateway.execute(request({ authorizationHeader: ownB, deviceHint: DEVICE_B })),
      ).toMatchObject({ outcome: 'authenticated', username: 'cpe-B0002' });
    });
  });

  it('never lets a request through when Redis cannot be reached', async () => {
    const unreachable = new Redis({
      host: '127.0.0.1',
      port: 1,
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    try {
      const gateway = pod({}, unreachable);
      const challenge = challengeOf(await pod().execute(request()));
      await expect(
        gateway.execute(request({ authorizationHeader: answer(challenge) })),
      ).rejects.toThrow();
    } finally {
      unreachable.disconnect();
    }
  });

  it('refuses a configuration whose nonce secret is too short', () => {
    expect(() => pod({ nonceKeys: { current: Buffer.from('short') } })).toThrow(NonceSecretError);
  });
});
