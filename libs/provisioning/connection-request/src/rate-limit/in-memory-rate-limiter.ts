import {
  ConnectionRequestRateLimiter,
  RateLimitDecision,
  RateLimits,
  resolveRateLimits,
  takeToken,
} from './rate-limiter';

/** Above this many remembered devices, ones whose interval has passed are forgotten. */
const SWEEP_THRESHOLD = 10_000;

/** The rate limits of one process (a single-pod deployment, tests). */
export class InMemoryRateLimiter implements ConnectionRequestRateLimiter {
  private readonly limits: Required<RateLimits>;
  private readonly lastByDevice = new Map<string, number>();
  private bucket: { tokens: number; at: number } | undefined;

  constructor(limits: RateLimits = {}) {
    this.limits = resolveRateLimits(limits);
  }

  async tryAcquire(deviceId: string, now: number): Promise<RateLimitDecision> {
    const last = this.lastByDevice.get(deviceId);
    if (last !== undefined && now - last < this.limits.deviceIntervalMs) {
      return {
        ok: false,
        scope: 'device',
        retryAfterMs: this.limits.deviceIntervalMs - (now - last),
      };
    }
    const token = takeToken(this.bucket, this.limits.globalPerSecond, now);
    if (!token.ok) return { ok: false, scope: 'global', retryAfterMs: token.retryAfterMs };
    this.bucket = token.bucket;
    this.lastByDevice.set(deviceId, now);
    if (this.lastByDevice.size > SWEEP_THRESHOLD) this.sweep(now);
    return { ok: true };
  }

  private sweep(now: number): void {
    for (const [deviceId, last] of this.lastByDevice) {
      if (now - last >= this.limits.deviceIntervalMs) this.lastByDevice.delete(deviceId);
    }
  }
}
