export type { RedisClient } from './redis-client';
export { masterConnections } from './redis-client';
export { redisTargetFromEnv, describeRedisTarget } from './redis-target';
export type { RedisTarget } from './redis-target';
export { createRedisClient } from './create-redis-client';
export type { RedisConnectionOptions } from './create-redis-client';
export { LuaScript } from './lua-script';
