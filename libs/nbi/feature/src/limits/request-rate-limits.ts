import { takeToken } from '@acs/connection-request';
import type { RateBudget } from './nbi-limits';

type Bucket = { tokens: number; at: number };

/** Past this many remembered callers, the ones whose bucket has refilled are forgotten. */
const SWEEP_AT = 10_000;
/** A flood from more distinct callers than this forgets the oldest (they start full again). */
const HARD_CAP = 100_000;

/**
 * Token buckets per caller (an API key, an OIDC subject, a source address), in this process's
 * memory: the budgets are per pod. Chosen over Redis on purpose: the API is an operator surface
 * at tens of requests per second, the limits are there against a runaway script or a flood, not
 * as an exact quota, so a per-pod budget (N pods let a caller N times the budget, spread by the
 * load balancer) does the job without a Redis round trip per request, keeps working when Redis
 * does not, and is the same in the all-in-one app, which has no Redis.
 */
export class RequestRateLimits {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly budget: RateBudget,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one request from the caller's budget: null when allowed, else the seconds to wait. */
  take(caller: string): number | null {
    const now = this.now();
    const taken = takeToken(
      this.buckets.get(caller),
      this.budget.perSecond,
      now,
      this.budget.burst,
    );
    if (!taken.ok) return Math.max(1, Math.ceil(taken.retryAfterMs / 1000));
    // Re-inserted, so the Map's order is least recently seen first (what HARD_CAP drops).
    this.buckets.delete(caller);
    this.buckets.set(caller, taken.bucket);
    if (this.buckets.size > SWEEP_AT) this.sweep(now);
    return null;
  }

  private sweep(now: number): void {
    const { perSecond, burst } = this.budget;
    for (const [caller, bucket] of this.buckets) {
      // A full bucket is what an unknown caller gets: nothing is lost by forgetting it.
      if (bucket.tokens + ((now - bucket.at) * perSecond) / 1000 >= burst) {
        this.buckets.delete(caller);
      }
    }
    for (const caller of this.buckets.keys()) {
      if (this.buckets.size <= HARD_CAP) break;
      this.buckets.delete(caller);
    }
  }
}
