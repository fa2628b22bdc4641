import { createRedisClient, redisTargetFromEnv } from '@acs/redis';
import { describeOnRedisTopologies, useConnections } from '@acs/testing';
import { RedisSessionStore } from './redis-session-store';
import { sessionStoreContract } from './session-store.contract';

describeOnRedisTopologies((redis) => {
  // Connections close before the servers stop (see useConnections).
  const connect = useConnections(() => createRedisClient(redisTargetFromEnv(redis.env)));

  sessionStoreContract(`redis on ${redis.name}`, {
    async create(podId) {
      const store = new RedisSessionStore(connect(), podId);
      await store.start();
      return store;
    },
  });
});
