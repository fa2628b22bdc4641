import type { ConnectionRequestRateLimiter, RateLimits } from '../rate-limit/rate-limiter';

/**
 * What every ConnectionRequestRateLimiter adapter must do. `create` gives a limiter with the
 * given limits and no history (a fresh store).
 */
export function rateLimiterContract(
  create: (limits: RateLimits) => Promise<ConnectionRequestRateLimiter>,
): void {
  const T0 = 1_700_000_000_000;

  it('lets a device through once per interval and says how long to wait', async () => {
    const limiter = await create({ deviceIntervalMs: 10_000, globalPerSecond: 100 });
    expect(await limiter.tryAcquire('dev-a', T0)).toEqual({ ok: true });
    expect(await limiter.tryAcquire('dev-a', T0 + 4_000)).toEqual({
      ok: false,
      scope: 'device',
      retryAfterMs: 6_000,
    });
    expect(await limiter.tryAcquire('dev-a', T0 + 10_000)).toEqual({ ok: true });
  });

  it('keeps devices apart', async () => {
    const limiter = await create({ deviceIntervalMs: 10_000, globalPerSecond: 100 });
    expect(await limiter.tryAcquire('dev-a', T0)).toEqual({ ok: true });
    expect(await limiter.tryAcquire('dev-b', T0)).toEqual({ ok: true });
  });

  it('caps the platform at the global rate: a second of burst, then one per 1/rate', async () => {
    const limiter = await create({ deviceIntervalMs: 10_000, globalPerSecond: 5 });
    for (let i = 0; i < 5; i++)
      expect(await limiter.tryAcquire(`dev-${i}`, T0)).toEqual({ ok: true });
    expect(await limiter.tryAcquire('dev-5', T0)).toEqual({
      ok: false,
      scope: 'global',
      retryAfterMs: 200,
    });
    expect(await limiter.tryAcquire('dev-5', T0 + 150)).toEqual({
      ok: false,
      scope: 'global',
      retryAfterMs: 50,
    });
    expect(await limiter.tryAcquire('dev-5', T0 + 200)).toEqual({ ok: true });
    expect((await limiter.tryAcquire('dev-6', T0 + 200)).ok).toBe(false);
  });

  it('takes no device slot when the global limit refuses', async () => {
    const limiter = await create({ deviceIntervalMs: 10_000, globalPerSecond: 1 });
    expect(await limiter.tryAcquire('dev-a', T0)).toEqual({ ok: true });
    expect((await limiter.tryAcquire('dev-b', T0)).ok).toBe(false);
    // dev-b was refused globally, so it is not now also held back for ten seconds.
    expect(await limiter.tryAcquire('dev-b', T0 + 1_000)).toEqual({ ok: true });
  });

  it('takes no global token when the device limit refuses', async () => {
    const limiter = await create({ deviceIntervalMs: 10_000, globalPerSecond: 2 });
    expect(await limiter.tryAcquire('dev-a', T0)).toEqual({ ok: true });
    for (let i = 0; i < 5; i++) expect((await limiter.tryAcquire('dev-a', T0)).ok).toBe(false);
    expect(await limiter.tryAcquire('dev-b', T0)).toEqual({ ok: true });
  });

  it('never lets more through than the global rate allows when called concurrently', async () => {
    const limiter = await create({ deviceIntervalMs: 10_000, globalPerSecond: 10 });
    const decisions = await Promise.all(
      Array.from({ length: 30 }, (_, i) => limiter.tryAcquire(`dev-${i}`, T0)),
    );
    expect(decisions.filter((decision) => decision.ok)).toHaveLength(10);
  });
}
