import { createHash } from 'crypto';
import type { RedisClient } from './redis-client';

/**
 * A Lua script run by its SHA (EVALSHA), loaded on the first NOSCRIPT reply: the script text
 * crosses the network once per server, not on every call. On a Cluster each master loads it on
 * its own first NOSCRIPT, and so does a replica promoted by a failover (script caches are not
 * replicated). The keys must share one hash slot: the Cluster routes the call by the first.
 */
export class LuaScript {
  private readonly sha: string;

  constructor(private readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async run(client: RedisClient, keys: readonly string[], args: readonly (string | number)[]) {
    try {
      return await client.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return await client.eval(this.source, keys.length, ...keys, ...args);
    }
  }
}
