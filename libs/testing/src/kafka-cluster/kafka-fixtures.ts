import { randomBytes } from 'node:crypto';
import type { Admin, Kafka, KafkaConfig } from 'kafkajs';
import { createTopicsWithLeaders } from './create-topics';
import { kafkaClient } from '../kafka-client';
import { sharedService } from '../shared-services/client';
import {
  startKafkaCluster,
  type KafkaCluster,
  type KafkaClusterInfo,
  type KafkaClusterOptions,
} from './kafka-cluster';

/** Starting a cluster of its own takes a JVM start per broker; a loaded CI box is slow. */
const HOOK_TIMEOUT_MS = 300_000;

export interface SuiteKafkaOptions {
  /** The suite's topics (logical names, prefixed for it), name → partition count. */
  topics?: Record<string, number>;
}

/** A suite's view of a real Kafka cluster: its own topic and group names, and clients. */
export interface SuiteKafka {
  readonly info: KafkaClusterInfo;
  readonly brokers: string[];
  readonly version: string;
  /** Prefix of this suite's topics and consumer groups (KAFKA_NAME_PREFIX of its services). */
  readonly prefix: string;
  /** The physical name of one of the suite's topics. */
  topic(name: string): string;
  /** The physical name of one of the suite's consumer groups. */
  group(name: string): string;
  /** kafkaClient() for this cluster. */
  client(clientId: string, overrides?: Partial<KafkaConfig>): Kafka;
  /** Creates more of the suite's topics (logical names) through the admin API. */
  createTopics(topics: Record<string, number>): Promise<void>;
  /** The settings a service process of this suite takes (KAFKA_BROKERS, KAFKA_NAME_PREFIX). */
  readonly env: Record<string, string>;
  /** One line that says what Kafka this is, as the benchmarks print it. */
  readonly description: string;
  /** Deletes the suite's topics (shared cluster) or stops the cluster (its own). */
  detach(): Promise<void>;
}

export interface DedicatedSuiteKafka extends SuiteKafka {
  /** The cluster itself, for faults: kill, stop and start brokers, find leaders. */
  readonly cluster: KafkaCluster;
}

/**
 * The run's shared Kafka cluster (started once by Jest's global setup) under a topic and group
 * prefix of this suite's own; outside the global setup (a benchmark, one project's jest), a
 * cluster of its own. Suites that inject faults use dedicatedKafkaCluster instead, so that no
 * other suite sees them.
 */
export async function attachKafkaCluster(options: SuiteKafkaOptions = {}): Promise<SuiteKafka> {
  const shared = await sharedService('kafka');
  if (shared) return attach(shared, undefined, options);
  const own = await startKafkaCluster();
  return attach(own.info, own, options);
}

/** A Kafka cluster of the caller's own, to kill and restart brokers in. */
export async function dedicatedKafkaCluster(
  options: SuiteKafkaOptions & KafkaClusterOptions = {},
): Promise<DedicatedSuiteKafka> {
  const cluster = await startKafkaCluster(options);
  const suite = await attach(cluster.info, cluster, options);
  return Object.assign(suite, { cluster });
}

async function attach(
  info: KafkaClusterInfo,
  own: KafkaCluster | undefined,
  options: SuiteKafkaOptions,
): Promise<SuiteKafka> {
  const prefix = `t${randomBytes(4).toString('hex')}.`;
  const admin: Admin = kafkaClient(info, 'suite-admin').admin();
  const created: string[] = [];
  const createTopics = async (topics: Record<string, number>) => {
    const names = Object.entries(topics).map(([name, numPartitions]) => ({
      topic: `${prefix}${name}`,
      numPartitions,
      replicationFactor: info.replicationFactor,
    }));
    await createTopicsWithLeaders(admin, names);
    created.push(...names.map(({ topic }) => topic));
  };
  const detach = async () => {
    if (!own && created.length > 0) {
      await admin.deleteTopics({ topics: created }).catch(() => undefined);
    }
    await admin.disconnect().catch(() => undefined);
    await own?.stop();
  };
  try {
    await admin.connect();
    await createTopics(options.topics ?? {});
  } catch (error) {
    await detach();
    throw error;
  }
  return {
    info,
    brokers: info.brokers,
    version: info.version,
    prefix,
    topic: (name) => `${prefix}${name}`,
    group: (name) => `${prefix}${name}`,
    client: (clientId, overrides) => kafkaClient(info, clientId, overrides),
    createTopics,
    env: { KAFKA_BROKERS: info.brokers.join(','), KAFKA_NAME_PREFIX: prefix },
    description: kafkaDescription(info),
    detach,
  };
}

/** `kafka: apache-kafka 4.4.0, brokers 3, replication 3, min.insync 2` */
export function kafkaDescription(info: KafkaClusterInfo): string {
  return `kafka: apache-kafka ${info.version}, brokers ${info.brokerCount}, replication ${info.replicationFactor}, min.insync ${info.minInsyncReplicas}`;
}

/** attachKafkaCluster for the enclosing describe block: attached in beforeAll, detached after. */
export function useKafkaCluster(options: SuiteKafkaOptions = {}): SuiteKafka {
  return useSuiteKafka(() => attachKafkaCluster(options));
}

/** dedicatedKafkaCluster for the enclosing describe block. */
export function useDedicatedKafkaCluster(
  options: SuiteKafkaOptions & KafkaClusterOptions = {},
): DedicatedSuiteKafka {
  return useSuiteKafka(() => dedicatedKafkaCluster(options));
}

/**
 * A stand-in that forwards to the suite's Kafka once beforeAll has made it. Stacks whose own
 * teardown must run before the cluster goes (Jest runs afterAll hooks in the order they were
 * declared) call attachKafkaCluster/detach from their own hooks instead.
 */
function useSuiteKafka<T extends SuiteKafka>(make: () => Promise<T>): T {
  let suite: T | undefined;
  beforeAll(async () => {
    suite = await make();
  }, HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await suite?.detach();
    suite = undefined;
  }, HOOK_TIMEOUT_MS);
  return new Proxy({} as T, {
    get: (_target, property) => {
      if (!suite) throw new Error('the suite Kafka exists only between beforeAll and afterAll');
      return suite[property as keyof T];
    },
  });
}
