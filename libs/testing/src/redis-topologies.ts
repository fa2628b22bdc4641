import { useRedisCluster, useRedisServer } from './jest-hooks';

export interface RedisTopologyFixture {
  /** `one redis-server` or `a Redis Cluster`, for test names. */
  readonly name: string;
  readonly topology: 'standalone' | 'cluster';
  /** REDIS_URL or REDIS_CLUSTER_NODES, as a service is configured for this topology. */
  readonly env: Record<string, string>;
}

/**
 * Runs `body` twice, each time in a describe block of its own: against one redis-server and
 * against a Redis Cluster of 3 masters and 3 replicas. A contract suite called from `body`
 * then holds on both, and on the Cluster it proves that every script and multi-key command
 * keeps to one hash slot (the Cluster refuses any that does not, with CROSSSLOT).
 */
export function describeOnRedisTopologies(body: (redis: RedisTopologyFixture) => void): void {
  describe('on one redis-server', () => {
    const server = useRedisServer();
    body({
      name: 'one redis-server',
      topology: 'standalone',
      get env() {
        return { REDIS_URL: server.url };
      },
    });
  });
  describe('on a Redis Cluster (3 masters, 3 replicas)', () => {
    const cluster = useRedisCluster();
    body({
      name: 'a Redis Cluster',
      topology: 'cluster',
      get env() {
        return { REDIS_CLUSTER_NODES: cluster.clusterNodes };
      },
    });
  });
}
