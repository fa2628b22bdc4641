import type { FailureCounterStore, FailureLimits } from '../ports/failure-counter-store';
import { waitFor } from './digest-client';

/** What every FailureCounterStore must do. Call inside a describe block. */
export function failureCounterStoreContract(store: () => FailureCounterStore): void {
  let sequence = 0;
  const freshSource = () => `192.0.2.${sequence++}-${process.pid}-${Date.now()}`;
  const limits: FailureLimits = { maxFailures: 3, windowMs: 60_000, cooldownMs: 60_000 };

  it('blocks a source on the failure that reaches the limit, for the cool-down', async () => {
    const source = freshSource();
    expect(await store().recordFailure(source, limits)).toBe(0);
    expect(await store().recordFailure(source, limits)).toBe(0);
    expect(await store().blockedForMs(source)).toBe(0);
    expect(await store().recordFailure(source, limits)).toBe(60_000);
    const blocked = await store().blockedForMs(source);
    expect(blocked).toBeGreaterThan(55_000);
    expect(blocked).toBeLessThanOrEqual(60_000);
  });

  it('counts each source on its own', async () => {
    const noisy = freshSource();
    const quiet = freshSource();
    for (let i = 0; i < 3; i++) await store().recordFailure(noisy, limits);
    await store().recordFailure(quiet, limits);
    expect(await store().blockedForMs(noisy)).toBeGreaterThan(0);
    expect(await store().blockedForMs(quiet)).toBe(0);
  });

  it('unblocks after the cool-down', async () => {
    const source = freshSource();
    const short = { maxFailures: 1, windowMs: 60_000, cooldownMs: 150 };
    expect(await store().recordFailure(source, short)).toBe(150);
    expect(await store().blockedForMs(source)).toBeGreaterThan(0);
    await waitFor('the block to lapse', async () => (await store().blockedForMs(source)) === 0);
  });

  it('starts counting afresh when the window is over', async () => {
    const source = freshSource();
    const shortWindow = { maxFailures: 2, windowMs: 150, cooldownMs: 60_000 };
    const windowStart = Date.now();
    expect(await store().recordFailure(source, shortWindow)).toBe(0);
    // Let the window run out (a precondition, not the assertion).
    await waitFor('the window to lapse', async () => Date.now() - windowStart > 300);
    expect(await store().recordFailure(source, shortWindow)).toBe(0);
    expect(await store().blockedForMs(source)).toBe(0);
  });
}
