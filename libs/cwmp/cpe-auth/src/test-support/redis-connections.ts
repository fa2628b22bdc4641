import type { RedisServerFixture } from '@acs/testing';
import { Redis } from 'ioredis';

/**
 * Connections to the fixture's server, closed in afterAll. Call it in a describe block nested
 * inside the one that called useRedisServer(): inner afterAll hooks run first, so the
 * connections close while the server still runs (closing after it stopped leaves ioredis with a
 * 2 s disconnect timer that keeps Jest from exiting).
 */
export function useRedisConnections(server: RedisServerFixture): () => Redis {
  const connections: Redis[] = [];
  afterAll(async () => {
    await Promise.all(connections.map((connection) => connection.quit()));
  });
  return () => {
    const connection = new Redis(server.url);
    connections.push(connection);
    return connection;
  };
}
