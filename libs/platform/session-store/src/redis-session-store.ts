import {
  OutboxEntry,
  REDIS_KEYS,
  SESSION_DEADLINE_SHARDS,
  validateOutboxEntry,
} from '@acs/contracts';
import { LuaScript, type RedisClient } from '@acs/redis';
import { OpenedSession, SavedThenNext, SessionRecord, SessionStore } from './session-store';
import { popWithin, WakeupWaiters } from './wakeups';

/**
 * Atomic steps as Lua scripts: each checks that the session still holds the device lock before
 * touching anything, so a pod that lost a session to a takeover cannot write into the new one.
 * KEYS are always lock, record, outbox of one device: one hash tag, one Cluster slot. Run by SHA
 * (LuaScript): a session's steps send their arguments, not the script text.
 */
const OPEN = new LuaScript(`
local previous = redis.call('GET', KEYS[2])
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
redis.call('DEL', KEYS[3])
return previous`);

const SAVE = new LuaScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
redis.call('PEXPIRE', KEYS[3], ARGV[3])
return 1`);

/** SAVE, then POP: nil if the session no longer holds the device, else {1, entry or nil}. */
const SAVE_AND_POP = new LuaScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return false end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
redis.call('PEXPIRE', KEYS[3], ARGV[3])
return {1, redis.call('LPOP', KEYS[3])}`);

const CLOSE = new LuaScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return false end
local record = redis.call('GET', KEYS[2])
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
return record`);

const PUSH = new LuaScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('RPUSH', KEYS[3], ARGV[2])
redis.call('PEXPIRE', KEYS[3], redis.call('PTTL', KEYS[1]))
local record = cjson.decode(redis.call('GET', KEYS[2]))
redis.call('PUBLISH', ARGV[3] .. record.podId .. ARGV[4], ARGV[5])
return 1`);

const POP = new LuaScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return false end
return redis.call('LPOP', KEYS[3])`);

/** How often a subscription that failed at start is tried again. */
const SUBSCRIBE_RETRY_MS = 1_000;

const POD_PLACEHOLDER = '\u0000pod\u0000';
const [CHANNEL_PREFIX, CHANNEL_SUFFIX] = REDIS_KEYS.podWakeups(POD_PLACEHOLDER).split(
  POD_PLACEHOLDER,
) as [string, string];

export class RedisSessionStore implements SessionStore {
  private readonly waiters = new WakeupWaiters();
  private subscriber: RedisClient | undefined;

  /**
   * @param redis commands connection (shared)
   * @param podId this pod: its wake-up channel gets one subscriber connection, made by `start()`
   */
  constructor(
    private readonly redis: RedisClient,
    private readonly podId: string,
  ) {}

  /**
   * Subscribes to this pod's wake-up channel; call before serving requests. When Redis cannot
   * be reached it rejects, and goes on trying in the background: the pod subscribes as soon as
   * Redis answers (until then a waiting request finds its entry when it pops at its deadline).
   * On a Cluster the subscription waits, queued, until the Cluster can be reached.
   */
  async start(): Promise<void> {
    if (this.subscriber) return;
    const subscriber = this.redis.duplicate();
    subscriber.on('message', (_channel: string, deviceId: string) => this.waiters.notify(deviceId));
    // Failed subscriptions are retried below; the connection's own errors need a listener.
    subscriber.on('error', () => undefined);
    this.subscriber = subscriber;
    try {
      await subscriber.subscribe(REDIS_KEYS.podWakeups(this.podId));
    } catch (error) {
      void this.subscribeLater(subscriber);
      throw error;
    }
  }

  /** Once subscribed, the client itself subscribes again after each reconnection. */
  private async subscribeLater(subscriber: RedisClient): Promise<void> {
    while (this.subscriber === subscriber) {
      await new Promise((resolve) => setTimeout(resolve, SUBSCRIBE_RETRY_MS).unref());
      if (this.subscriber !== subscriber) return;
      try {
        await subscriber.subscribe(REDIS_KEYS.podWakeups(this.podId));
        return;
      } catch {
        // Still away: try again.
      }
    }
  }

  async open(record: SessionRecord, ttlMs: number): Promise<OpenedSession> {
    // The deadline set lives on another slot than the device's keys, so it is written beside the
    // script rather than inside it, in the same round trip; the sweep re-reads the record before
    // acting on a deadline.
    const [, previous] = await Promise.all([
      this.redis.zadd(deadlinesOf(record.deviceId), record.expiresAt, record.deviceId),
      OPEN.run(this.redis, keys(record.deviceId), [
        record.sessionId,
        JSON.stringify(record),
        ttlMs,
      ]) as Promise<string | null>,
    ]);
    return { replaced: previous ? (JSON.parse(previous) as SessionRecord) : null };
  }

  async get(deviceId: string): Promise<SessionRecord | null> {
    const json = await this.redis.get(REDIS_KEYS.session(deviceId));
    return json ? (JSON.parse(json) as SessionRecord) : null;
  }

  /**
   * The deadline set keeps the score `open` gave it, never later than the record's deadline:
   * `expired` moves a session whose record says it was renewed, so a session that ends before its
   * first deadline (most do) costs no write there.
   */
  async save(record: SessionRecord, ttlMs: number): Promise<boolean> {
    const saved = await SAVE.run(this.redis, keys(record.deviceId), [
      record.sessionId,
      JSON.stringify(record),
      ttlMs,
    ]);
    return saved === 1;
  }

  async close(deviceId: string, sessionId: string): Promise<SessionRecord | null> {
    const json = (await CLOSE.run(this.redis, keys(deviceId), [sessionId])) as string | null;
    if (json === null) return null;
    await this.redis.zrem(deadlinesOf(deviceId), deviceId);
    return JSON.parse(json) as SessionRecord;
  }

  async expired(now: number, limit: number): Promise<SessionRecord[]> {
    const found: SessionRecord[] = [];
    for (let shard = 0; shard < SESSION_DEADLINE_SHARDS && found.length < limit; shard++) {
      const key = REDIS_KEYS.sessionDeadlines(shard);
      const deviceIds = await this.redis.zrangebyscore(key, '-inf', now, 'LIMIT', 0, limit);
      for (const deviceId of deviceIds) {
        const record = await this.get(deviceId);
        if (record && record.expiresAt <= now) found.push(record);
        // Gone (closed elsewhere, or expired while no pod swept): nothing left to close.
        else if (!record) await this.redis.zrem(key, deviceId);
        // Renewed since its deadline was written (save leaves it): look again then. Never later
        // than now + its timeout, which every renewal from now on reaches (a renewal after an
        // outbox wait may set an earlier deadline than the one before); XX: a session closed
        // meanwhile does not come back.
        else {
          const again = Math.min(record.expiresAt, now + record.timeoutMs);
          await this.redis.zadd(key, 'XX', again, deviceId);
        }
      }
    }
    return found.sort((a, b) => a.expiresAt - b.expiresAt).slice(0, limit);
  }

  async bindClient(address: string, deviceId: string, ttlMs: number): Promise<void> {
    await this.redis.set(REDIS_KEYS.clientSession(address), deviceId, 'PX', ttlMs);
  }

  async clientDevice(address: string): Promise<string | null> {
    return this.redis.get(REDIS_KEYS.clientSession(address));
  }

  async push(deviceId: string, entry: OutboxEntry): Promise<boolean> {
    const pushed = await PUSH.run(this.redis, keys(deviceId), [
      entry.sessionId,
      JSON.stringify(entry),
      CHANNEL_PREFIX,
      CHANNEL_SUFFIX,
      deviceId,
    ]);
    return pushed === 1;
  }

  next(deviceId: string, sessionId: string, timeoutMs: number): Promise<OutboxEntry | null> {
    return popWithin(this.waiters, deviceId, timeoutMs, async () => {
      const json = (await POP.run(this.redis, keys(deviceId), [sessionId])) as string | null;
      return json === null ? null : outboxEntry(deviceId, json);
    });
  }

  async saveAndNext(
    record: SessionRecord,
    ttlMs: number,
    timeoutMs: number,
  ): Promise<SavedThenNext> {
    const { deviceId, sessionId } = record;
    const deadline = Date.now() + timeoutMs;
    // Registered before looking, so a push between the look and the wait is not missed.
    const waiter = this.waiters.wait(deviceId, timeoutMs);
    let reply: [number, string | null] | null;
    try {
      reply = (await SAVE_AND_POP.run(this.redis, keys(deviceId), [
        sessionId,
        JSON.stringify(record),
        ttlMs,
      ])) as [number, string | null] | null;
    } catch (error) {
      waiter.cancel();
      throw error;
    }
    if (reply === null || reply[1] !== null) waiter.cancel();
    if (reply === null) return { saved: false };
    const json = reply[1];
    if (json !== null) return { saved: true, next: Promise.resolve(outboxEntry(deviceId, json)) };
    const next = waiter.woken.then(() =>
      this.next(deviceId, sessionId, Math.max(deadline - Date.now(), 0)),
    );
    return { saved: true, next };
  }

  async shutdown(): Promise<void> {
    this.waiters.releaseAll();
    const subscriber = this.subscriber;
    this.subscriber = undefined;
    // QUIT would wait in the offline queue of a connection that never got through.
    if (subscriber?.status === 'ready') await subscriber.quit();
    else subscriber?.disconnect();
  }
}

/** An entry that does not match its contract is provisioning's bug: refused loudly. */
function outboxEntry(deviceId: string, json: string): OutboxEntry {
  const entry = validateOutboxEntry(JSON.parse(json));
  if (!entry.ok)
    throw new Error(`invalid outbox entry for ${deviceId}: ${entry.errors.join('; ')}`);
  return entry.value;
}

function deadlinesOf(deviceId: string): string {
  let hash = 0;
  for (let i = 0; i < deviceId.length; i++) hash = (hash * 31 + deviceId.charCodeAt(i)) >>> 0;
  return REDIS_KEYS.sessionDeadlines(hash % SESSION_DEADLINE_SHARDS);
}

function keys(deviceId: string): [string, string, string] {
  return [REDIS_KEYS.lock(deviceId), REDIS_KEYS.session(deviceId), REDIS_KEYS.outbox(deviceId)];
}
