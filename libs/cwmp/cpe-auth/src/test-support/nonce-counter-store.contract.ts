import type { NonceCounterStore } from '../ports/nonce-counter-store';
import { waitFor } from './digest-client';

/** What every NonceCounterStore must do. Call inside a describe block. */
export function nonceCounterStoreContract(store: () => NonceCounterStore): void {
  let sequence = 0;
  const freshNonce = () => `contract-nonce-${process.pid}-${Date.now()}-${sequence++}`;

  it('accepts increasing counts and refuses a count already seen or lower', async () => {
    const nonce = freshNonce();
    expect(await store().advance(nonce, 1, 60_000)).toBe(true);
    expect(await store().advance(nonce, 2, 60_000)).toBe(true);
    expect(await store().advance(nonce, 2, 60_000)).toBe(false);
    expect(await store().advance(nonce, 1, 60_000)).toBe(false);
    // CPEs may skip counts (a request lost on the way): a higher one is still fine.
    expect(await store().advance(nonce, 7, 60_000)).toBe(true);
  });

  it('keeps counts of different nonces apart', async () => {
    const first = freshNonce();
    const second = freshNonce();
    expect(await store().advance(first, 5, 60_000)).toBe(true);
    expect(await store().advance(second, 1, 60_000)).toBe(true);
  });

  it('lets exactly one of many concurrent uses of one count through', async () => {
    const nonce = freshNonce();
    const results = await Promise.all(
      Array.from({ length: 20 }, () => store().advance(nonce, 1, 60_000)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('forgets a nonce once its lifetime is over', async () => {
    const nonce = freshNonce();
    expect(await store().advance(nonce, 3, 150)).toBe(true);
    // After expiry a count of 1 is accepted again: the entry is gone, not kept forever.
    await waitFor('the count to expire', () => store().advance(nonce, 1, 150));
  });
}
