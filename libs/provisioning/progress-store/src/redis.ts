import type { RedisClient } from '@acs/redis';
import { REDIS_KEYS } from '@acs/contracts';
import type { SessionProgress } from '@acs/provisioning-domain';
import type { CleanMark, PendingWorkMarker, PendingWorkState, SessionProgressStore } from './ports';

const DELETE_IF_SESSION = `
local current = redis.call('GET', KEYS[1])
if not current then return 0 end
if cjson.decode(current).sessionId ~= ARGV[1] then return 0 end
return redis.call('DEL', KEYS[1])`;

/** ARGV: the progress (JSON), its `writes`, the TTL in ms. */
const PUT_OVER_READ = `
local current = redis.call('GET', KEYS[1])
local before = 0
if current then before = cjson.decode(current).writes or 0 end
if before ~= tonumber(ARGV[2]) - 1 then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
return 1`;

export class RedisSessionProgressStore implements SessionProgressStore {
  constructor(private readonly redis: RedisClient) {}

  async get(deviceId: string): Promise<SessionProgress | null> {
    const stored = await this.redis.get(REDIS_KEYS.provisioningProgress(deviceId));
    return stored === null ? null : (JSON.parse(stored) as SessionProgress);
  }

  async put(progress: SessionProgress, ttlMs: number): Promise<boolean> {
    const written = await this.redis.eval(
      PUT_OVER_READ,
      1,
      REDIS_KEYS.provisioningProgress(progress.deviceId),
      JSON.stringify(progress),
      progress.writes,
      ttlMs,
    );
    return written === 1;
  }

  async delete(deviceId: string, sessionId: string): Promise<void> {
    await this.redis.eval(
      DELETE_IF_SESSION,
      1,
      REDIS_KEYS.provisioningProgress(deviceId),
      sessionId,
    );
  }
}

/** A marker that nothing renews lapses after this long, so that Redis does not fill with idle devices. */
const MARKER_TTL_SECONDS = 7 * 24 * 3600;

const MARK_DIRTY = `
redis.call('HINCRBY', KEYS[1], 'v', 1)
redis.call('HDEL', KEYS[1], 'rev', 'due')
redis.call('EXPIRE', KEYS[1], ARGV[1])
return 1`;

const MARK_CLEAN = `
local version = tonumber(redis.call('HGET', KEYS[1], 'v') or '0')
if version ~= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'v', ARGV[1], 'rev', ARGV[2], 'due', ARGV[3])
redis.call('EXPIRE', KEYS[1], ARGV[4])
return 1`;

export class RedisPendingWorkMarker implements PendingWorkMarker {
  constructor(private readonly redis: RedisClient) {}

  async read(deviceId: string): Promise<PendingWorkState> {
    const [version, revision, due] = await this.redis.hmget(
      REDIS_KEYS.pendingWork(deviceId),
      'v',
      'rev',
      'due',
    );
    return {
      version: version === null ? 0 : Number(version),
      clean:
        revision === null || due === null
          ? null
          : { revision: Number(revision), dueAt: Number(due) },
    };
  }

  async markDirty(deviceIds: readonly string[]): Promise<void> {
    // One call per device, all at once rather than one pipeline: each device's marker is on its
    // own Cluster slot, and a Cluster pipeline must stay on one node. With auto-pipelining the
    // calls still share a round trip per node.
    await Promise.all(
      deviceIds.map((deviceId) =>
        this.redis.eval(MARK_DIRTY, 1, REDIS_KEYS.pendingWork(deviceId), MARKER_TTL_SECONDS),
      ),
    );
  }

  async markClean(deviceId: string, seenVersion: number, mark: CleanMark): Promise<boolean> {
    const done = await this.redis.eval(
      MARK_CLEAN,
      1,
      REDIS_KEYS.pendingWork(deviceId),
      seenVersion,
      mark.revision,
      mark.dueAt,
      MARKER_TTL_SECONDS,
    );
    return done === 1;
  }
}
