import { LuaScript, type RedisClient } from '@acs/redis';
import type { NonceCounterStore } from '../../ports/nonce-counter-store';
import { DEFAULT_KEY_PREFIX, nonceCountKey } from './keys';

/** Compare-and-raise in one step, so two pods serving the same nc cannot both accept it. */
const ADVANCE = new LuaScript(`
local seen = redis.call('GET', KEYS[1])
if seen and tonumber(seen) >= tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
`);

export class RedisNonceCounterStore implements NonceCounterStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keyPrefix: string = DEFAULT_KEY_PREFIX,
  ) {}

  async advance(nonce: string, nc: number, ttlMs: number): Promise<boolean> {
    const ttl = Math.max(1, Math.ceil(ttlMs));
    const result = await ADVANCE.run(this.redis, [nonceCountKey(this.keyPrefix, nonce)], [nc, ttl]);
    return result === 1;
  }
}
