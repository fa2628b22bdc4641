import { randomBytes } from 'node:crypto';
import type { Admin, Kafka, KafkaConfig } from 'kafkajs';
import { kafkaClient } from '../kafka-client';
import { sharedService } from '../shared-services/client';
import {
  startKafkaCluster,
  type KafkaCluster,
  type KafkaClusterInfo,
  type KafkaClusterOptions,
} from './kafka-cluster';

/** Starting a cluster of its own takes a JVM start per broker; a loaded CI box is slow. */
const HOOK_TIMEOUT_MS = 180_000;

export interface KafkaClusterFixtureOptions {
  /** The suite's topics (logical names, prefixed for it), name → partition count. */
  topics?: Record<string, number>;
}

/** A suite's view of a real Kafka cluster: its own topic and group names, and clients. */
export interface KafkaClusterFixture {
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
}

export interface DedicatedKafkaClusterFixture extends KafkaClusterFixture {
  /** The cluster itself, for faults: kill, stop and start brokers, find leaders. */
  readonly cluster: KafkaCluster;
}

interface Attached {
  info: KafkaClusterInfo;
  prefix: string;
  admin: Admin;
  created: string[];
  /** Set when the suite started the cluster itself. */
  own?: KafkaCluster;
}

/**
 * The run's shared Kafka cluster (started once by Jest's global setup), under a topic and group
 * prefix of this suite's own; outside the global setup, a cluster of the suite's own. The
 * suite's topics are deleted again after it. Suites that inject faults use
 * useDedicatedKafkaCluster so that no other suite sees them.
 */
export function useKafkaCluster(options: KafkaClusterFixtureOptions = {}): KafkaClusterFixture {
  return kafkaFixture(options, async () => {
    const shared = await sharedService('kafka');
    if (shared) return { info: shared };
    const own = await startKafkaCluster();
    return { info: own.info, own };
  });
}

/** A Kafka cluster of the suite's own, to kill and restart brokers in. */
export function useDedicatedKafkaCluster(
  options: KafkaClusterFixtureOptions & KafkaClusterOptions = {},
): DedicatedKafkaClusterFixture {
  return kafkaFixture(options, async () => {
    const own = await startKafkaCluster(options);
    return { info: own.info, own };
  });
}

function kafkaFixture(
  options: KafkaClusterFixtureOptions,
  connect: () => Promise<{ info: KafkaClusterInfo; own?: KafkaCluster }>,
): DedicatedKafkaClusterFixture {
  let attached: Attached | undefined;
  const current = (): Attached => {
    if (!attached) throw new Error('useKafkaCluster: only between beforeAll and afterAll');
    return attached;
  };
  const createTopics = async (topics: Record<string, number>) => {
    const suite = current();
    const names = Object.entries(topics).map(([name, numPartitions]) => ({
      topic: `${suite.prefix}${name}`,
      numPartitions,
      replicationFactor: suite.info.replicationFactor,
    }));
    await suite.admin.createTopics({ topics: names, waitForLeaders: true });
    suite.created.push(...names.map(({ topic }) => topic));
  };

  beforeAll(async () => {
    const { info, own } = await connect();
    const prefix = `t${randomBytes(4).toString('hex')}.`;
    const admin = kafkaClient(info, 'suite-admin').admin();
    try {
      await admin.connect();
      attached = { info, prefix, admin, created: [], ...(own ? { own } : {}) };
      await createTopics(options.topics ?? {});
    } catch (error) {
      await admin.disconnect().catch(() => undefined);
      await own?.stop();
      attached = undefined;
      throw error;
    }
  }, HOOK_TIMEOUT_MS);

  afterAll(async () => {
    const suite = attached;
    attached = undefined;
    if (!suite) return;
    if (!suite.own && suite.created.length > 0) {
      await suite.admin.deleteTopics({ topics: suite.created }).catch(() => undefined);
    }
    await suite.admin.disconnect().catch(() => undefined);
    await suite.own?.stop();
  }, HOOK_TIMEOUT_MS);

  return {
    get brokers() {
      return current().info.brokers;
    },
    get version() {
      return current().info.version;
    },
    get prefix() {
      return current().prefix;
    },
    topic: (name) => `${current().prefix}${name}`,
    group: (name) => `${current().prefix}${name}`,
    client: (clientId, overrides) => kafkaClient(current().info, clientId, overrides),
    createTopics,
    get env() {
      const { info, prefix } = current();
      return { KAFKA_BROKERS: info.brokers.join(','), KAFKA_NAME_PREFIX: prefix };
    },
    get description() {
      return kafkaDescription(current().info);
    },
    get cluster() {
      const own = current().own;
      if (!own) throw new Error('this suite attached to the shared cluster; it has no own cluster');
      return own;
    },
  };
}

/** `kafka: apache-kafka 4.4.0, brokers 3, replication 3, min.insync 2` */
export function kafkaDescription(info: KafkaClusterInfo): string {
  return `kafka: apache-kafka ${info.version}, brokers ${info.brokerCount}, replication ${info.replicationFactor}, min.insync ${info.minInsyncReplicas}`;
}
