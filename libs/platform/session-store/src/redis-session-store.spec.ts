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

  it('serves a record written before the record dropped holdRequests', async () => {
    const client = connect();
    const store = new RedisSessionStore(client, 'pod-a');
    const deviceId = `LEGACY-${redis.name}`;
    // As the gateway wrote it until then: holdRequests was always false and never read.
    const legacy = {
      sessionId: 's-legacy',
      deviceId,
      podId: 'pod-a',
      cwmpVersion: '1.2',
      namespace: 'urn:dslforum-org:cwmp-1-2',
      holdRequests: false,
      openedAt: 1_700_000_000_000,
      expiresAt: Date.now() + 30_000,
      timeoutMs: 30_000,
      rpcCount: 0,
      outstanding: null,
    };
    await client.set(REDIS_KEYS.lock(deviceId), legacy.sessionId, 'PX', 30_000);
    await client.set(REDIS_KEYS.session(deviceId), JSON.stringify(legacy), 'PX', 30_000);
    try {
      const read = await store.get(deviceId);
      expect(read).toMatchObject({ sessionId: 's-legacy', rpcCount: 0, outstanding: null });
      if (!read) throw new Error('the legacy record was not read');
      expect(await store.save({ ...read, rpcCount: 1 }, 30_000)).toBe(true);
      expect(await store.close(deviceId, legacy.sessionId)).toMatchObject({ rpcCount: 1 });
    } finally {
      await store.shutdown();
    }
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
