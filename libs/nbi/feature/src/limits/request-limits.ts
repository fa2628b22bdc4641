import type { IncomingMessage } from 'node:http';
import type { Actor } from '../auth/actor';
import { RateLimitedError, TooManyQueriesError } from '../errors/nbi-errors';
import type { NbiLimits } from './nbi-limits';
import { RequestRateLimits } from './request-rate-limits';
import { sourceAddressOf } from './source-address';

/** The API's limits in force in this process: what the guards and the query bound ask. */
export class RequestLimits {
  private readonly perKey: RequestRateLimits | null;
  private readonly perAddress: RequestRateLimits | null;
  private running = 0;

  constructor(
    private readonly limits: NbiLimits,
    now: () => number = Date.now,
  ) {
    this.perKey = limits.perKey ? new RequestRateLimits(limits.perKey, now) : null;
    this.perAddress = limits.perAddress ? new RequestRateLimits(limits.perAddress, now) : null;
  }

  /** Throws RateLimitedError when the request's source address is over its budget. */
  checkSource(request: IncomingMessage): void {
    if (!this.perAddress) return;
    const address = sourceAddressOf(request, this.limits.trustedProxyHops ?? 0);
    const wait = this.perAddress.take(address);
    if (wait !== null) {
      throw new RateLimitedError(`too many requests from ${address}; retry in ${wait} s`, wait);
    }
  }

  /** Throws RateLimitedError when the API key or OIDC subject is over its budget. */
  checkKey(actor: Actor): void {
    if (!this.perKey) return;
    const wait = this.perKey.take(actor.id);
    if (wait !== null) {
      const who = actor.via === 'api-key' ? `API key ${actor.name}` : `user ${actor.name}`;
      throw new RateLimitedError(`too many requests for ${who}; retry in ${wait} s`, wait);
    }
  }

  /**
   * Takes one of the slots of queries that scan the fleet, or throws TooManyQueriesError. The
   * caller gives it back with the returned function, once, when the query is over.
   */
  enterExpensiveQuery(operationId: string): () => void {
    const bound = this.limits.expensiveQueries;
    if (!bound) return () => undefined;
    if (this.running >= bound.max) {
      throw new TooManyQueriesError(
        `${operationId} scans the fleet and ${bound.max} such queries are running in this ` +
          `process already; retry in ${bound.retryAfterSeconds} s`,
        bound.retryAfterSeconds,
      );
    }
    this.running += 1;
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.running -= 1;
    };
  }
}
