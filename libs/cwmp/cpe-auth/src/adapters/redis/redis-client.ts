import type { Cluster, Redis } from 'ioredis';

/**
 * The adapters take a connection the application made (one per pod, shared with its other Redis
 * users): a standalone connection or a Cluster. Every key one call touches shares a hash slot.
 */
export type RedisClient = Redis | Cluster;
