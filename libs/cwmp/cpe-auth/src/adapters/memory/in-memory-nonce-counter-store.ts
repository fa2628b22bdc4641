import type { NonceCounterStore } from '../../ports/nonce-counter-store';

/** The single-process default: counts live in this process and expire with their nonce. */
export class InMemoryNonceCounterStore implements NonceCounterStore {
  private readonly counts = new Map<string, { nc: number; expiresAtMs: number }>();
  private lastSweepMs = 0;

  constructor(private readonly now: () => number = Date.now) {}

  async advance(nonce: string, nc: number, ttlMs: number): Promise<boolean> {
    const now = this.now();
    this.sweep(now);
    const seen = this.counts.get(nonce);
    if (seen !== undefined && seen.expiresAtMs > now && seen.nc >= nc) return false;
    this.counts.set(nonce, { nc, expiresAtMs: now + ttlMs });
    return true;
  }

  /** Drops expired counts at most once a second, so memory follows the live nonces. */
  private sweep(now: number): void {
    if (now - this.lastSweepMs < 1_000) return;
    this.lastSweepMs = now;
    for (const [nonce, seen] of this.counts) {
      if (seen.expiresAtMs <= now) this.counts.delete(nonce);
    }
  }
}
