import { Type, type Static, type TObject } from '@sinclair/typebox';

/** A token bucket: refilled at `perSecond`, holding at most `burst` requests. */
export interface RateBudget {
  perSecond: number;
  burst: number;
}

/**
 * The operator API's request limits, per pod (see RequestRateLimits for why in memory). Absent
 * parts do not limit.
 */
export interface NbiLimits {
  /** Per API key, or per OIDC subject. */
  perKey?: RateBudget;
  /** Per source address, counted before authentication (every request, signed in or not). */
  perAddress?: RateBudget;
  /** Proxies in front whose X-Forwarded-For entry is believed (0: the TCP peer is the source). */
  trustedProxyHops?: number;
  /** Queries that scan the fleet (routes marked `expensive`) running at once in this pod. */
  expensiveQueries?: { max: number; retryAfterSeconds: number };
}

/** The operator API's limits settings, for an app's config schema (read by @acs/config). */
export function nbiLimitsSettingsEnv() {
  return {
    /** Requests per second per API key or OIDC subject, sustained; 0 turns the limit off. */
    nbiKeyRatePerS: Type.Number({ env: 'NBI_KEY_RATE_PER_S', default: 50, minimum: 0 }),
    /** Requests one key may send at once after a quiet spell. */
    nbiKeyRateBurst: Type.Integer({ env: 'NBI_KEY_RATE_BURST', default: 200, minimum: 1 }),
    /** Requests per second per source address, sustained; 0 turns the limit off. */
    nbiAddressRatePerS: Type.Number({ env: 'NBI_ADDRESS_RATE_PER_S', default: 100, minimum: 0 }),
    nbiAddressRateBurst: Type.Integer({ env: 'NBI_ADDRESS_RATE_BURST', default: 400, minimum: 1 }),
    /**
     * Proxies (ingress, load balancer) in front of the API that append the client's address to
     * X-Forwarded-For: that many entries from the right are theirs. 0 takes the TCP peer, which
     * behind a proxy is the proxy, so every client would share one address budget.
     */
    nbiTrustedProxyHops: Type.Integer({
      env: 'NBI_TRUSTED_PROXY_HOPS',
      default: 0,
      minimum: 0,
      maximum: 10,
    }),
    /** Device searches, filter-wide tag changes, campaign targets and fleet reports at once. */
    nbiMaxExpensiveQueries: Type.Integer({
      env: 'NBI_MAX_EXPENSIVE_QUERIES',
      default: 8,
      minimum: 1,
    }),
    /** The Retry-After of a query refused because that many are running. */
    nbiExpensiveQueriesRetryAfterS: Type.Integer({
      env: 'NBI_EXPENSIVE_QUERIES_RETRY_AFTER_S',
      default: 2,
      minimum: 1,
      maximum: 600,
    }),
  };
}

export type NbiLimitsEnvSettings = Static<TObject<ReturnType<typeof nbiLimitsSettingsEnv>>>;

/** The limits from an app's configuration. */
export function nbiLimitsOf(config: NbiLimitsEnvSettings): NbiLimits {
  const budget = (perSecond: number, burst: number): RateBudget | undefined =>
    perSecond > 0 ? { perSecond, burst } : undefined;
  const key = budget(config.nbiKeyRatePerS, config.nbiKeyRateBurst);
  const address = budget(config.nbiAddressRatePerS, config.nbiAddressRateBurst);
  return {
    ...(key ? { perKey: key } : {}),
    ...(address ? { perAddress: address } : {}),
    trustedProxyHops: config.nbiTrustedProxyHops,
    expensiveQueries: {
      max: config.nbiMaxExpensiveQueries,
      retryAfterSeconds: config.nbiExpensiveQueriesRetryAfterS,
    },
  };
}
