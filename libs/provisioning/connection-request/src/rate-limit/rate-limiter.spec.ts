import { useRedisServer } from '@acs/testing';
import { Redis } from 'ioredis';
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
  const server = useRedisServer();

  describe('on a real redis-server', () => {
    let client: Redis;
    beforeAll(() => {
      client = new Redis(server.url);
    });
    afterAll(async () => {
      await client.quit();
    });
    beforeEach(async () => {
      await client.flushall();
      // A fresh server has no scripts either: the first call goes through the NOSCRIPT path.
      await client.script('FLUSH');
    });

    rateLimiterContract(async (limits) => new RedisRateLimiter(client, limits));

    it('keeps its state under the REDIS_KEYS names, device keys hash-tagged by device', async () => {
      await new RedisRateLimiter(client).tryAcquire('OUI-PC-SN1', Date.now());
      expect((await client.keys('*')).sort()).toEqual([
        'acs:{OUI-PC-SN1}:cr-rate',
        'acs:{cr-rate}:global',
      ]);
    });
  });
});
