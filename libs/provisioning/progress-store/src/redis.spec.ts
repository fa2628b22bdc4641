import { createRedisClient, redisTargetFromEnv, type RedisClient } from '@acs/redis';
import { describeOnRedisTopologies, useConnections } from '@acs/testing';
import { RedisPendingWorkMarker, RedisSessionProgressStore } from './redis';
import { describeProgressStoreContract } from './progress-store.contract';

describe('redis adapters', () => {
  describeOnRedisTopologies((redis) => {
    const connect = useConnections(() =>
      // As the service connects: its commands share round trips.
      createRedisClient(redisTargetFromEnv(redis.env), { enableAutoPipelining: true }),
    );
    let client: RedisClient | undefined;
    const shared = () => (client ??= connect());

    describeProgressStoreContract(`redis on ${redis.name}`, {
      progress: () => new RedisSessionProgressStore(shared()),
      marker: () => new RedisPendingWorkMarker(shared()),
    });
  });
});
