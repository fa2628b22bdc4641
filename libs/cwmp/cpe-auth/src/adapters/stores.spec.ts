import { createRedisClient, masterConnections, redisTargetFromEnv } from '@acs/redis';
import type { RedisClient } from '@acs/redis';
import { describeOnRedisTopologies, useConnections } from '@acs/testing';
import { failureCounterStoreContract } from '../test-support/failure-counter-store.contract';
import { nonceCounterStoreContract } from '../test-support/nonce-counter-store.contract';
import { InMemoryFailureCounterStore } from './memory/in-memory-failure-counter-store';
import { InMemoryNonceCounterStore } from './memory/in-memory-nonce-counter-store';
import { RedisFailureCounterStore } from './redis/redis-failure-counter-store';
import { RedisNonceCounterStore } from './redis/redis-nonce-counter-store';

describe('in-memory stores', () => {
  describe('NonceCounterStore', () => {
    const store = new InMemoryNonceCounterStore();
    nonceCounterStoreContract(() => store);
  });
  describe('FailureCounterStore', () => {
    const store = new InMemoryFailureCounterStore();
    failureCounterStoreContract(() => store);
  });
});

describe('Redis stores', () => {
  describeOnRedisTopologies((redis) => {
    const connect = useConnections(() => createRedisClient(redisTargetFromEnv(redis.env)));
    let shared: RedisClient | undefined;
    const client = () => (shared ??= connect());

    describe('NonceCounterStore', () => {
      nonceCounterStoreContract(() => new RedisNonceCounterStore(client()));

      it('keys carry a hash tag and never the nonce itself', async () => {
        const nonce = 'a-nonce-that-must-not-appear-in-redis';
        await new RedisNonceCounterStore(client(), 'test:keys:').advance(nonce, 1, 60_000);
        const keys = await keysMatching(client(), 'test:keys:*');
        expect(keys).toHaveLength(1);
        expect(keys[0]).toMatch(/^test:keys:nc:\{[0-9a-f]{32}\}$/);
        expect(keys.join()).not.toContain(nonce);
      });
    });

    describe('FailureCounterStore', () => {
      failureCounterStoreContract(() => new RedisFailureCounterStore(client()));

      it('keeps one source on one hash slot, even with braces in its name', async () => {
        const store = new RedisFailureCounterStore(client(), 'test:slots:');
        const limits = { maxFailures: 1, windowMs: 60_000, cooldownMs: 60_000 };
        await store.recordFailure('2001:db8::1', limits);
        await store.recordFailure('odd{source}', limits);
        const keys = (await keysMatching(client(), 'test:slots:*')).sort();
        expect(keys).toEqual([
          'test:slots:block:{2001%3Adb8%3A%3A1}',
          'test:slots:block:{odd%7Bsource%7D}',
        ]);
      });
    });
  });
});

/** KEYS on every master: a Cluster would ask one node, which holds a third of the keys. */
async function keysMatching(client: RedisClient, pattern: string): Promise<string[]> {
  const perMaster = await Promise.all(
    (await masterConnections(client)).map((master) => master.keys(pattern)),
  );
  return perMaster.flat();
}
