import { REDIS_KEYS, SESSION_DEADLINE_SHARDS } from '@acs/contracts';
import { masterConnections, type RedisClient } from '@acs/redis';
import type { Redis } from 'ioredis';

/** What the session store holds, and every way it breaks "no session record half written". */
export interface SessionKeyAudit {
  records: number;
  locks: number;
  outboxes: number;
  deadlineEntries: number;
  problems: string[];
}

/** One device's three keys read in one step (one slot), so a concurrent close cannot tear them. */
const SNAPSHOT = `
return { redis.call('GET', KEYS[1]), redis.call('GET', KEYS[2]), redis.call('LRANGE', KEYS[3], 0, -1) }`;

interface DeviceKeys {
  lock: string | null;
  record: string | null;
  outbox: string[];
}

const DEVICE_KEY = /^acs:\{(.+)\}:(session|lock|outbox)$/;

/**
 * Checks the session store's invariants over every key of every master, while the gateways may
 * still be sweeping:
 * - a record has its lock, and the lock holds the record's session id (OPEN, SAVE and CLOSE
 *   write or delete the three keys of a device in one script);
 * - a lock has its record; an outbox has its record, and every entry is for that session;
 * - a record is readable (JSON of its own device) and has a deadline entry, or the timeout sweep
 *   could never close it;
 * - every deadline entry's record is readable or gone (the sweep drops entries of gone records).
 */
export async function auditSessionKeys(client: RedisClient): Promise<SessionKeyAudit> {
  const masters = await masterConnections(client);
  const keys = (await Promise.all(masters.map((master) => scan(master, 'acs:{*}:*')))).flat();
  const devices = new Set<string>();
  const counts = { records: 0, locks: 0, outboxes: 0 };
  for (const key of keys) {
    const [, deviceId, kind] = DEVICE_KEY.exec(key) ?? [];
    if (!deviceId || !kind || deviceId.startsWith('deadlines-')) continue;
    devices.add(deviceId);
    if (kind === 'session') counts.records++;
    else if (kind === 'lock') counts.locks++;
    else counts.outboxes++;
  }

  const problems: string[] = [];
  const deadlines = await deadlineEntries(client);
  for (const deviceId of devices) {
    const found = await snapshot(client, deviceId);
    problems.push(...deviceProblems(deviceId, found));
    if (found.record !== null && !deadlines.has(deviceId)) {
      // Closed between the two reads? CLOSE deletes the record before its deadline entry.
      const again = await snapshot(client, deviceId);
      if (again.record === found.record) problems.push(`${deviceId}: record without deadline`);
    }
  }
  for (const deviceId of deadlines) {
    const record = await client.get(REDIS_KEYS.session(deviceId));
    if (record !== null && !readable(record, deviceId)) {
      problems.push(`${deviceId}: deadline entry for an unreadable record`);
    }
  }
  return { ...counts, deadlineEntries: deadlines.size, problems };
}

function deviceProblems(deviceId: string, { lock, record, outbox }: DeviceKeys): string[] {
  const problems: string[] = [];
  if (record !== null && lock === null) problems.push(`${deviceId}: record without its lock`);
  if (lock !== null && record === null) problems.push(`${deviceId}: lock without its record`);
  if (outbox.length > 0 && record === null) problems.push(`${deviceId}: outbox without record`);
  if (record !== null) {
    if (!readable(record, deviceId)) problems.push(`${deviceId}: unreadable record`);
    else if (lock !== null && sessionIdOf(record) !== lock) {
      problems.push(`${deviceId}: lock of another session`);
    }
  }
  for (const entry of outbox) {
    if (lock !== null && sessionIdOf(entry) !== lock) {
      problems.push(`${deviceId}: outbox entry of another session`);
    }
  }
  return problems;
}

async function snapshot(client: RedisClient, deviceId: string): Promise<DeviceKeys> {
  const [lock, record, outbox] = (await client.eval(
    SNAPSHOT,
    3,
    REDIS_KEYS.lock(deviceId),
    REDIS_KEYS.session(deviceId),
    REDIS_KEYS.outbox(deviceId),
  )) as [string | null, string | null, string[]];
  return { lock: lock ?? null, record: record ?? null, outbox: outbox ?? [] };
}

async function deadlineEntries(client: RedisClient): Promise<Set<string>> {
  const shards = await Promise.all(
    Array.from({ length: SESSION_DEADLINE_SHARDS }, (_, shard) =>
      client.zrange(REDIS_KEYS.sessionDeadlines(shard), 0, -1),
    ),
  );
  return new Set(shards.flat());
}

function readable(json: string, deviceId: string): boolean {
  try {
    return (JSON.parse(json) as { deviceId?: unknown }).deviceId === deviceId;
  } catch {
    return false;
  }
}

function sessionIdOf(json: string): string | undefined {
  try {
    const { sessionId } = JSON.parse(json) as { sessionId?: unknown };
    return typeof sessionId === 'string' ? sessionId : undefined;
  } catch {
    return undefined;
  }
}

async function scan(connection: Redis, pattern: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await connection.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    keys.push(...batch);
    cursor = next;
  } while (cursor !== '0');
  return keys;
}
