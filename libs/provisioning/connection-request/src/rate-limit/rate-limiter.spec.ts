import { createRedisClient, masterConnections, redisTargetFromEnv } from '@acs/redis';
import type { RedisClient } from '@acs/redis';
import { describeOnRedisTopologies, useConnections } from '@acs/testing';
import { rateLimiterContract } from '../test-support/rate-limiter.contract';
import { InMemoryRateLimiter } from './in-memory-rate-limiter';
import { RedisRateLimiter } from './redis-rate-limiter';

describe('InMemoryRateLimiter', () => {
  rateLimiterContract(async (limits) => new InMemoryRateLimiter(limits));

  it('refuses limits that make no sense with a RangeError', () => {
    expect(() => new InMemoryRateLimiter({ globalPerSecond: 0 })).toThrow(RangeError);
  });
});

describe('RedisRateLimiter', () => {
  describeOnRedisTopologies((redis) => {
    const connect = useConnections(() => createRedisClient(redisTargetFromEnv(redis.env)));
    let client: RedisClient;
    beforeAll(() => {
      client = connect();
    });
    beforeEach(async () => {
      for (const master of await masterConnections(client)) {
        await master.flushall();
        // A fresh server has no scripts either: the first call goes through the NOSCRIPT path.
        await master.script('FLUSH');
      }
    });

    rateLimiterContract(async (limits) => new RedisRateLimiter(client, limits));

    it('keeps its state under the REDIS_KEYS names, device keys hash-tagged by device', async () => {
      await new RedisRateLimiter(client).tryAcquire('OUI-PC-SN1', Date.now());
      const masters = await masterConnections(client);
      const keys = await Promise.all(masters.map((master) => master.keys('*')));
      expect(keys.flat().sort()).toEqual(['acs:{OUI-PC-SN1}:cr-rate', 'acs:{cr-rate}:global']);
    });
  });
});
