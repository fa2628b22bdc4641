import { Redis } from 'ioredis';
import { REDIS_KEYS } from '@acs/contracts';
import { createRedisClient, redisTargetFromEnv } from '@acs/redis';
import {
  describeOnRedisTopologies,
  freePort,
  startRedisServer,
  useConnections,
  waitFor,
} from '@acs/testing';
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

describe('a pod started while Redis is away', () => {
  it('subscribes to its wake-ups as soon as Redis answers', async () => {
    const port = await freePort();
    // The gateway's options: commands fail fast while Redis is away.
    const client = createRedisClient(
      redisTargetFromEnv({ REDIS_URL: `redis://127.0.0.1:${port}` }),
      {
        maxRetriesPerRequest: 1,
        reconnectDelayMs: () => 100,
        lazyConnect: true,
      },
    );
    client.on('error', () => undefined);
    const store = new RedisSessionStore(client, 'pod-late');
    await expect(store.start()).rejects.toThrow();

    const server = await startRedisServer({ port });
    const probe = new Redis(server.url);
    try {
      const channel = REDIS_KEYS.podWakeups('pod-late');
      const subscribers = async () => Number((await probe.pubsub('NUMSUB', channel))[1]);
      await waitFor(async () => (await subscribers()) === 1, 'the pod subscribed', 15_000);
    } finally {
      await store.shutdown();
      client.disconnect();
      probe.disconnect();
      await server.stop();
    }
  }, 30_000);
});
