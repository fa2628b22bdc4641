import { LuaScript, type RedisClient } from '@acs/redis';
import type { FailureCounterStore, FailureLimits } from '../../ports/failure-counter-store';
import { DEFAULT_KEY_PREFIX, failureKeys } from './keys';

/**
 * A fixed window per source: the first failure starts it (counter TTL = window); the failure
 * that reaches the limit sets a block key whose TTL is the cool-down and clears the counter.
 */
const RECORD_FAILURE = new LuaScript(`
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
if count < tonumber(ARGV[2]) then return 0 end
redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
redis.call('DEL', KEYS[1])
return tonumber(ARGV[3])
`);

export class RedisFailureCounterStore implements FailureCounterStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keyPrefix: string = DEFAULT_KEY_PREFIX,
  ) {}

  async blockedForMs(source: string): Promise<number> {
    const remaining = await this.redis.pttl(failureKeys(this.keyPrefix, source).block);
    // -2: no block key; -1 cannot happen (always set with PX) but would mean "not blocked".
    return remaining > 0 ? remaining : 0;
  }

  async recordFailure(source: string, limits: FailureLimits): Promise<number> {
    const keys = failureKeys(this.keyPrefix, source);
    const result = await RECORD_FAILURE.run(
      this.redis,
      [keys.count, keys.block],
      [
        Math.max(1, Math.ceil(limits.windowMs)),
        limits.maxFailures,
        Math.max(1, Math.ceil(limits.cooldownMs)),
      ],
    );
    return typeof result === 'number' ? result : 0;
  }
}
