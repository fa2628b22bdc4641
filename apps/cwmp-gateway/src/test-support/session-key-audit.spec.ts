import { REDIS_KEYS } from '@acs/contracts';
import { createRedisClient, redisTargetFromEnv, type RedisClient } from '@acs/redis';
import { RedisSessionStore, type SessionRecord } from '@acs/session-store';
import { describeOnRedisTopologies, useConnections } from '@acs/testing';
import { auditSessionKeys } from './session-key-audit';

const record = (deviceId: string, sessionId: string): SessionRecord => ({
  sessionId,
  deviceId,
  podId: 'pod-a',
  cwmpVersion: '1.2',
  namespace: 'urn:dslforum-org:cwmp-1-2',
  openedAt: Date.now(),
  expiresAt: Date.now() + 30_000,
  timeoutMs: 30_000,
  rpcCount: 0,
  outstanding: null,
});

describeOnRedisTopologies((redis) => {
  const connect = useConnections(() => createRedisClient(redisTargetFromEnv(redis.env)));
  let client: RedisClient;
  beforeAll(() => {
    client = connect();
  });

  it('finds nothing wrong with sessions the store wrote, and counts their keys', async () => {
    const store = new RedisSessionStore(client, 'pod-a');
    for (const device of ['AUDIT-OK-1', 'AUDIT-OK-2', 'AUDIT-OK-3']) {
      await store.open(record(device, `s-${device}`), 60_000);
    }
    await store.push('AUDIT-OK-1', { kind: 'end', sessionId: 's-AUDIT-OK-1' });
    expect(await auditSessionKeys(client)).toEqual({
      records: 3,
      locks: 3,
      outboxes: 1,
      deadlineEntries: 3,
      problems: [],
    });
    for (const device of ['AUDIT-OK-1', 'AUDIT-OK-2', 'AUDIT-OK-3']) {
      await store.close(device, `s-${device}`);
    }
    expect((await auditSessionKeys(client)).records).toBe(0);
  });

  it('names every half-written session', async () => {
    const json = (device: string, sessionId: string) => JSON.stringify(record(device, sessionId));
    await client.set(REDIS_KEYS.session('NO-LOCK'), json('NO-LOCK', 's1'));
    await client.zadd(REDIS_KEYS.sessionDeadlines(0), Date.now(), 'NO-LOCK');
    await client.set(REDIS_KEYS.lock('NO-RECORD'), 's2');
    await client.rpush(REDIS_KEYS.outbox('ORPHAN-OUTBOX'), '{"kind":"end","sessionId":"s3"}');
    await client.set(REDIS_KEYS.lock('OTHER-LOCK'), 'new');
    await client.set(REDIS_KEYS.session('OTHER-LOCK'), json('OTHER-LOCK', 'old'));
    await client.zadd(REDIS_KEYS.sessionDeadlines(1), Date.now(), 'OTHER-LOCK');
    await client.set(REDIS_KEYS.lock('NO-DEADLINE'), 's4');
    await client.set(REDIS_KEYS.session('NO-DEADLINE'), json('NO-DEADLINE', 's4'));
    await client.zadd(REDIS_KEYS.sessionDeadlines(2), Date.now(), 'GARBLED');
    await client.set(REDIS_KEYS.lock('GARBLED'), 's5');
    await client.set(REDIS_KEYS.session('GARBLED'), '{"sessionId":');

    const { problems } = await auditSessionKeys(client);
    expect(problems.sort()).toEqual(
      [
        'NO-LOCK: record without its lock',
        'NO-RECORD: lock without its record',
        'ORPHAN-OUTBOX: outbox without record',
        'OTHER-LOCK: lock of another session',
        'NO-DEADLINE: record without deadline',
        'GARBLED: unreadable record',
        'GARBLED: deadline entry for an unreadable record',
      ].sort(),
    );
  });
});
