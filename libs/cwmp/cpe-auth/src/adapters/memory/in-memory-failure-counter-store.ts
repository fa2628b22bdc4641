import type { FailureCounterStore, FailureLimits } from '../../ports/failure-counter-store';

/** The single-process default for per-source failure counting. */
export class InMemoryFailureCounterStore implements FailureCounterStore {
  private readonly failures = new Map<string, { count: number; windowEndsAtMs: number }>();
  private readonly blocks = new Map<string, number>();
  private lastSweepMs = 0;

  constructor(private readonly now: () => number = Date.now) {}

  async blockedForMs(source: string): Promise<number> {
    const until = this.blocks.get(source);
    return until === undefined ? 0 : Math.max(0, until - this.now());
  }

  async recordFailure(source: string, limits: FailureLimits): Promise<number> {
    const now = this.now();
    this.sweep(now);
    const current = this.failures.get(source);
    const entry =
      current !== undefined && current.windowEndsAtMs > now
        ? current
        : { count: 0, windowEndsAtMs: now + limits.windowMs };
    entry.count++;
    if (entry.count < limits.maxFailures) {
      this.failures.set(source, entry);
      return 0;
    }
    this.failures.delete(source);
    this.blocks.set(source, now + limits.cooldownMs);
    return limits.cooldownMs;
  }

  private sweep(now: number): void {
    if (now - this.lastSweepMs < 1_000) return;
    this.lastSweepMs = now;
    for (const [source, entry] of this.failures) {
      if (entry.windowEndsAtMs <= now) this.failures.delete(source);
    }
    for (const [source, until] of this.blocks) {
      if (until <= now) this.blocks.delete(source);
    }
  }
}
