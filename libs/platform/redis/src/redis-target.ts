import { Type } from '@sinclair/typebox';
import { ConfigError, configFromEnv } from '@acs/config';

/** Where the services' Redis is: one server (REDIS_URL) or a Redis Cluster (REDIS_CLUSTER_NODES). */
export type RedisTarget =
  | { topology: 'standalone'; url: string }
  | { topology: 'cluster'; nodes: { host: string; port: number }[] };

/** `host:port` or `[ipv6]:port`. */
const NODE = /^(?:\[([0-9A-Fa-f:.]+)\]|([^\s:[\]]+)):(\d{1,5})$/;

const RedisEnvSchema = Type.Object({
  url: Type.Optional(Type.String({ env: 'REDIS_URL', minLength: 1 })),
  clusterNodes: Type.Optional(
    Type.Array(Type.String({ pattern: NODE.source }), {
      env: 'REDIS_CLUSTER_NODES',
      minItems: 1,
    }),
  ),
});

/**
 * Reads REDIS_URL (`redis://[:password@]host:port[/db]`, `rediss://` for TLS) or
 * REDIS_CLUSTER_NODES (comma-separated `host:port` of some of the Cluster's nodes; the client
 * discovers the rest). Exactly one must be set: a deployment naming both would leave it to
 * chance which Redis holds the sessions. Throws ConfigError naming the variables.
 */
export function redisTargetFromEnv(
  env: Record<string, string | undefined> = process.env,
): RedisTarget {
  const { url, clusterNodes } = configFromEnv(RedisEnvSchema, env);
  if (url !== undefined && clusterNodes !== undefined) {
    throw new ConfigError(['REDIS_URL and REDIS_CLUSTER_NODES: set one of them, not both']);
  }
  if (url !== undefined) return { topology: 'standalone', url };
  if (clusterNodes === undefined) {
    throw new ConfigError([
      'REDIS_URL or REDIS_CLUSTER_NODES: one is required (a server URL, or host:port of Cluster nodes)',
    ]);
  }
  const nodes = clusterNodes.map((text) => {
    const [, ipv6, host, port] = NODE.exec(text) ?? [];
    return { host: ipv6 ?? host ?? '', port: Number(port) };
  });
  const outOfRange = clusterNodes.filter((_, i) => !validPort(nodes[i]?.port ?? 0));
  if (outOfRange.length > 0) {
    throw new ConfigError([`REDIS_CLUSTER_NODES: port out of range in ${outOfRange.join(', ')}`]);
  }
  return { topology: 'cluster', nodes };
}

function validPort(port: number): boolean {
  return Number.isInteger(port) && port >= 1 && port <= 65_535;
}

/** For the start-up log line: the topology and where it is, never a password in the URL. */
export function describeRedisTarget(target: RedisTarget): Record<string, unknown> {
  if (target.topology === 'cluster') {
    return {
      topology: 'cluster',
      nodes: target.nodes.map(({ host, port }) =>
        host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`,
      ),
    };
  }
  return { topology: 'standalone', url: target.url.replace(/\/\/[^@/]*@/, '//') };
}
