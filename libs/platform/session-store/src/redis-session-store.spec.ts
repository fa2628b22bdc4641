import { Redis } from 'ioredis';
import { useRedisServer } from '@acs/testing';
import { RedisSessionStore } from './redis-session-store';
import { sessionStoreContract } from './session-store.contract';

const redisServer = useRedisServer();

describe('with connections closed before the server stops', () => {
  const connections: Redis[] = [];
  afterAll(async () => {
    await Promise.all(connections.map((connection) => connection.quit()));
  });

  sessionStoreContract('redis', {
    async create(podId) {
      const redis = new Redis(redisServer.url);
      connections.push(redis);
      const store = new RedisSessionStore(redis, podId);
      await store.start();
      return store;
    },
  });
});
