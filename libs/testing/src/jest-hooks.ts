import type { Kafka, KafkaConfig } from 'kafkajs';
import { kafkaClient } from './kafka-client';
import { startKafkaMockCluster, type KafkaMockCluster } from './kafka-mock-cluster';
import { startRedisCluster, type RedisCluster, type RedisClusterOptions } from './redis-cluster';
import { startRedisServer, type RedisServer, type RedisServerOptions } from './redis-server';

/** Starting is quick, but a loaded CI machine (and a first-run compile) can be slow. */
const HOOK_TIMEOUT_MS = 60_000;

/** Starts a service in beforeAll, stops it in afterAll, and hands out the running instance. */
function useService<T extends { stop(): Promise<void> }>(
  name: string,
  start: () => Promise<T>,
  timeoutMs = HOOK_TIMEOUT_MS,
) {
  let service: T | undefined;
  beforeAll(async () => {
    service = await start();
  }, timeoutMs);
  afterAll(async () => {
    await service?.stop();
    service = undefined;
  }, timeoutMs);
  return (): T => {
    if (!service) throw new Error(`${name} runs only between beforeAll and afterAll`);
    return service;
  };
}

export interface RedisServerFixture {
  readonly server: RedisServer;
  readonly url: string;
}

/** A redis-server for the enclosing describe block (or file). */
export function useRedisServer(options?: RedisServerOptions): RedisServerFixture {
  const current = useService('useRedisServer', () => startRedisServer(options));
  return {
    get server() {
      return current();
    },
    get url() {
      return current().url;
    },
  };
}

export interface RedisClusterFixture {
  readonly cluster: RedisCluster;
  /** The value for REDIS_CLUSTER_NODES. */
  readonly clusterNodes: string;
  readonly startupNodes: { host: string; port: number }[];
}

/** A Redis Cluster (3 masters, 3 replicas) for the enclosing describe block (or file). */
export function useRedisCluster(options?: RedisClusterOptions): RedisClusterFixture {
  // Six servers, `--cluster create` and the wait for every node to agree: give it longer.
  const current = useService('useRedisCluster', () => startRedisCluster(options), 120_000);
  return {
    get cluster() {
      return current();
    },
    get clusterNodes() {
      return current().clusterNodes;
    },
    get startupNodes() {
      return current().startupNodes;
    },
  };
}

/**
 * Connections the tests of a describe block open (`open()` makes one), closed in its afterAll.
 * Call it inside the describe block that started the server: inner afterAll hooks run first,
 * so the connections close while the server still runs (a client closing after its server
 * stopped is left with reconnection timers that keep Jest from exiting).
 */
export function useConnections<T extends { quit(): Promise<unknown> }>(open: () => T): () => T {
  const connections: T[] = [];
  afterAll(async () => {
    await Promise.all(connections.splice(0).map((connection) => connection.quit()));
  }, HOOK_TIMEOUT_MS);
  return () => {
    const connection = open();
    connections.push(connection);
    return connection;
  };
}

export interface KafkaMockClusterFixtureOptions {
  brokers?: number;
  /** Topics to create before the tests, name → partition count. */
  topics?: Record<string, number>;
}

export interface KafkaMockClusterFixture {
  readonly cluster: KafkaMockCluster;
  readonly brokers: string[];
  /** kafkaClient() for this cluster. */
  client(clientId: string, overrides?: Partial<KafkaConfig>): Kafka;
}

/** A Kafka mock cluster for the enclosing describe block (or file), with its topics created. */
export function useKafkaMockCluster(
  options: KafkaMockClusterFixtureOptions = {},
): KafkaMockClusterFixture {
  const current = useService('useKafkaMockCluster', async () => {
    const cluster = await startKafkaMockCluster({ brokers: options.brokers ?? 3 });
    try {
      for (const [topic, partitions] of Object.entries(options.topics ?? {})) {
        await cluster.createTopic(topic, partitions);
      }
    } catch (error) {
      await cluster.stop();
      throw error;
    }
    return cluster;
  });
  return {
    get cluster() {
      return current();
    },
    get brokers() {
      return current().brokers;
    },
    client: (clientId, overrides) => kafkaClient(current(), clientId, overrides),
  };
}
