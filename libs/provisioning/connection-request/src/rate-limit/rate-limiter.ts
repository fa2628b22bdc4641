/** Whether a connection request may go now, and if not, which limit refused and for how long. */
export type RateLimitDecision =
  | { ok: true }
  | { ok: false; retryAfterMs: number; scope: 'device' | 'global' };

/**
 * Port: connection requests per device (a minimum interval: CPEs reject or mishandle bursts) and
 * for the whole platform (a rate: a campaign must not wake a million CPEs in one second). A
 * refused call consumes nothing: neither the device's slot nor a global token.
 */
export interface ConnectionRequestRateLimiter {
  tryAcquire(deviceId: string, now: number): Promise<RateLimitDecision>;
}

export interface RateLimits {
  /** Minimum time between two connection requests to one device; default 10 s. */
  deviceIntervalMs?: number;
  /** Sustained global rate, per second (burst: one second's worth); default 100. */
  globalPerSecond?: number;
}

export const DEFAULT_RATE_LIMITS = { deviceIntervalMs: 10_000, globalPerSecond: 100 } as const;

export function resolveRateLimits(limits: RateLimits = {}): Required<RateLimits> {
  const resolved = { ...DEFAULT_RATE_LIMITS, ...limits };
  if (!(resolved.deviceIntervalMs >= 0)) throw new RangeError('deviceIntervalMs must be >= 0');
  if (!(resolved.globalPerSecond > 0)) throw new RangeError('globalPerSecond must be > 0');
  return resolved;
}

/**
 * A token bucket refilled continuously at `perSecond`, holding at most `capacity` tokens (one
 * second's worth unless said) and full when new. Returns the new state, or how long until one
 * token is there. Shared by both adapters (the Redis script does the same arithmetic in Lua, for
 * one second's worth) and by the operator API's request limits.
 */
export function takeToken(
  bucket: { tokens: number; at: number } | undefined,
  perSecond: number,
  now: number,
  capacity: number = perSecond,
): { ok: true; bucket: { tokens: number; at: number } } | { ok: false; retryAfterMs: number } {
  const elapsed = bucket ? Math.max(0, now - bucket.at) : 0;
  const tokens = bucket
    ? Math.min(capacity, bucket.tokens + (elapsed * perSecond) / 1000)
    : capacity;
  const at = bucket ? Math.max(bucket.at, now) : now;
  if (tokens >= 1) return { ok: true, bucket: { tokens: tokens - 1, at } };
  return { ok: false, retryAfterMs: Math.ceil(((1 - tokens) * 1000) / perSecond) };
}
