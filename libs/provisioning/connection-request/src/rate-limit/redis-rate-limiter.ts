import { randomBytes } from 'node:crypto';
import { REDIS_KEYS } from '@acs/contracts';
import { LuaScript, type RedisClient } from '@acs/redis';
import {
  ConnectionRequestRateLimiter,
  RateLimitDecision,
  RateLimits,
  resolveRateLimits,
} from './rate-limiter';

/**
 * Takes the device's slot unless its last request (kept as `<now>:<token>`) is less than the
 * interval old. Returns -1 when taken, else the ms left. The key expires with the interval.
 */
const DEVICE_SCRIPT = new LuaScript(`
local now = tonumber(ARGV[1])
local interval = tonumber(ARGV[2])
local last = redis.call('GET', KEYS[1])
if last then
  local at = tonumber(string.match(last, '^(%-?%d+)'))
  if at and now - at < interval then return interval - (now - at) end
end
if interval > 0 then redis.call('SET', KEYS[1], ARGV[1] .. ':' .. ARGV[3], 'PX', interval) end
return -1`);

/** The token bucket of rate-limiter.ts's takeToken, in Lua. Returns -1 or the ms to wait. */
const GLOBAL_SCRIPT = new LuaScript(`
local now = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1])
local at = tonumber(state[2])
if tokens == nil or at == nil then
  tokens = rate
  at = now
else
  local elapsed = now - at
  if elapsed < 0 then elapsed = 0 end
  tokens = math.min(rate, tokens + elapsed * rate / 1000)
  if now > at then at = now end
end
if tokens >= 1 then
  redis.call('HSET', KEYS[1], 'tokens', tostring(tokens - 1), 'at', tostring(at))
  redis.call('PEXPIRE', KEYS[1], 60000)
  return -1
end
return math.ceil((1 - tokens) * 1000 / rate)`);

/** Gives the device's slot back, if it is still the one this call took. */
const RELEASE_SCRIPT = new LuaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 0`);

export interface RedisRateLimiterOptions extends RateLimits {
  /** Key names; REDIS_KEYS' by default. */
  keys?: { device: (deviceId: string) => string; global: string };
}

/**
 * The rate limits shared by every pod. The device key and the global key live in different hash
 * slots, so a Redis Cluster cannot run one script over both: the device's slot is taken first
 * (most refusals are a device asked for again too soon, and cost no global token), then a global
 * token; when the global limit refuses, the device's slot is given back.
 */
export class RedisRateLimiter implements ConnectionRequestRateLimiter {
  private readonly limits: Required<RateLimits>;
  private readonly keys: { device: (deviceId: string) => string; global: string };

  constructor(
    private readonly client: RedisClient,
    options: RedisRateLimiterOptions = {},
  ) {
    this.limits = resolveRateLimits(options);
    this.keys = options.keys ?? {
      device: REDIS_KEYS.connectionRequestRate,
      global: REDIS_KEYS.connectionRequestGlobalRate,
    };
  }

  async tryAcquire(deviceId: string, now: number): Promise<RateLimitDecision> {
    const deviceKey = this.keys.device(deviceId);
    const token = randomBytes(6).toString('hex');
    const deviceWait = await this.run(DEVICE_SCRIPT, deviceKey, [
      Math.floor(now),
      this.limits.deviceIntervalMs,
      token,
    ]);
    if (deviceWait >= 0) return { ok: false, scope: 'device', retryAfterMs: deviceWait };
    const globalWait = await this.run(GLOBAL_SCRIPT, this.keys.global, [
      Math.floor(now),
      this.limits.globalPerSecond,
    ]);
    if (globalWait < 0) return { ok: true };
    await this.run(RELEASE_SCRIPT, deviceKey, [`${Math.floor(now)}:${token}`]);
    return { ok: false, scope: 'global', retryAfterMs: globalWait };
  }

  private async run(script: LuaScript, key: string, args: (string | number)[]): Promise<number> {
    return Number(await script.run(this.client, [key], args));
  }
}
