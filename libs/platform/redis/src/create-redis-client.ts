import { Cluster, Redis } from 'ioredis';
import type { RedisClient } from './redis-client';
import type { RedisTarget } from './redis-target';

/** What a service asks of its connection, whichever the topology. */
export interface RedisConnectionOptions {
  /** Commands issued in the same tick share one round trip (per node, on a Cluster). */
  enableAutoPipelining?: boolean;
  /** A command not answered within this many ms fails. */
  commandTimeoutMs?: number;
  /** How often a command is sent again after its connection dropped (ioredis' default: 20). */
  maxRetriesPerRequest?: number | null;
  /** Queue commands while not connected (default true); false fails them at once. */
  enableOfflineQueue?: boolean;
  /**
   * Wait before reconnection attempt `attempt` (1, 2, ...); null gives up. On a Cluster this is
   * the wait before trying the whole cluster again once no node could be reached.
   */
  reconnectDelayMs?: (attempt: number) => number | null;
  /** Connect on connect() or the first command, not in the constructor. */
  lazyConnect?: boolean;
}

/**
 * The one place the services build their Redis connection: `new Redis(url)` for one server,
 * `new Cluster(nodes)` for a Redis Cluster, with the same options mapped onto each. A Cluster
 * takes per-node options (timeouts, retries) under `redisOptions` and its own for the rest.
 * No natMap: the nodes announce addresses the services reach as they are (loopback, a pod
 * network); a Cluster behind NAT would need one.
 */
export function createRedisClient(
  target: RedisTarget,
  options: RedisConnectionOptions = {},
): RedisClient {
  const { reconnectDelayMs } = options;
  const perNode = {
    commandTimeout: options.commandTimeoutMs,
    maxRetriesPerRequest: options.maxRetriesPerRequest,
  };
  const shared = {
    enableAutoPipelining: options.enableAutoPipelining,
    enableOfflineQueue: options.enableOfflineQueue,
    lazyConnect: options.lazyConnect,
  };
  if (target.topology === 'standalone') {
    return new Redis(target.url, {
      ...perNode,
      ...shared,
      ...(reconnectDelayMs ? { retryStrategy: reconnectDelayMs } : {}),
    });
  }
  return new Cluster(target.nodes, {
    ...shared,
    redisOptions: perNode,
    ...(reconnectDelayMs ? { clusterRetryStrategy: reconnectDelayMs } : {}),
  });
}
