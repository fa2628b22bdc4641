import { Cluster, Redis } from 'ioredis';
import { describeOnRedisTopologies, useConnections, waitFor } from '@acs/testing';
import { createRedisClient } from './create-redis-client';
import { masterConnections } from './redis-client';
import { redisTargetFromEnv } from './redis-target';

describeOnRedisTopologies((redis) => {
  const connect = useConnections(() =>
    createRedisClient(redisTargetFromEnv(redis.env), { enableAutoPipelining: true }),
  );

  it(`builds the client of the topology, ready once connected (${redis.name})`, async () => {
    const client = connect();
    expect(client).toBeInstanceOf(redis.topology === 'cluster' ? Cluster : Redis);
    await waitFor(() => client.status === 'ready', 'client ready', 10_000);
    expect(await client.ping()).toBe('PONG');
  });

  it('does not connect before connect() when lazy', async () => {
    const client = createRedisClient(redisTargetFromEnv(redis.env), { lazyConnect: true });
    try {
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(client.status).toBe('wait');
      await client.connect();
      await waitFor(() => client.status === 'ready', 'client ready', 10_000);
    } finally {
      await client.quit();
    }
  });

  it('serves keys of many slots, and masterConnections() together see all of them', async () => {
    const client = connect();
    const keys = Array.from({ length: 50 }, (_, i) => `spread:{device-${i}}`);
    await Promise.all(keys.map((key) => client.set(key, '1', 'EX', 60)));
    const masters = await masterConnections(client);
    expect(masters).toHaveLength(redis.topology === 'cluster' ? 3 : 1);
    const found = (await Promise.all(masters.map((master) => scanAll(master, 'spread:*')))).flat();
    expect(found.sort()).toEqual([...keys].sort());
  });

  it('delivers a PUBLISH to a duplicate() subscriber, from a connection on any node', async () => {
    const client = connect();
    const subscriber = client.duplicate();
    const received: string[] = [];
    subscriber.on('message', (_channel: string, message: string) => received.push(message));
    await subscriber.subscribe('acs:pod:test:wakeups');
    const messages = Array.from({ length: 20 }, (_, i) => `device-${i}`);
    // From a script on each device's own slot, as the session store publishes wake-ups.
    for (const message of messages) {
      await client.eval(
        "redis.call('SET', KEYS[1], '1', 'EX', 60) return redis.call('PUBLISH', ARGV[1], ARGV[2])",
        1,
        `acs:{${message}}:probe`,
        'acs:pod:test:wakeups',
        message,
      );
    }
    await waitFor(() => received.length === messages.length, 'every message', 10_000);
    expect(received.sort()).toEqual([...messages].sort());
    await subscriber.quit();
  });
});

async function scanAll(connection: Redis, pattern: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await connection.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    keys.push(...batch);
    cursor = next;
  } while (cursor !== '0');
  return keys;
}
