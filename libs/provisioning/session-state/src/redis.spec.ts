import { Redis } from 'ioredis';
import { useRedisServer } from '@acs/testing';
import { RedisPendingWorkMarker, RedisSessionProgressStore } from './redis';
import { describeSessionStateContract } from './session-state.contract';

const redisServer = useRedisServer();

describe('redis adapters', () => {
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(redisServer.url);
  });
  afterAll(async () => {
    await redis.quit();
  });

  describeSessionStateContract('redis', {
    progress: () => new RedisSessionProgressStore(redis),
    marker: () => new RedisPendingWorkMarker(redis),
  });
});
