/**
 * The Kafka a benchmark runs on: by default a real Apache Kafka cluster of its own (3 brokers,
 * replication 3, min.insync.replicas 2, acks from all in-sync replicas, the idempotent producer),
 * as a Tier-1 deployment runs it; `--kafka mock` keeps librdkafka's one-broker mock cluster, to
 * compare what the real cluster costs per session. Setups that share the cluster keep apart by
 * topic and group prefix, as deployments sharing a cluster do (KAFKA_NAME_PREFIX).
 */
import {
  kafkaClient,
  kafkaDescription,
  startKafkaCluster,
  startKafkaMockCluster,
} from '@acs/testing';

export type KafkaKind = 'real' | 'mock';

/** One setup's names on the benchmark's cluster (plain data: it goes to child processes). */
export interface BenchTopics {
  readonly brokers: string[];
  /** Put before the setup's topic and group names. */
  readonly prefix: string;
  readonly idempotentProducer: boolean;
  /** Settings for a service process: KAFKA_BROKERS, KAFKA_NAME_PREFIX, KAFKA_IDEMPOTENT_PRODUCER. */
  readonly env: Record<string, string>;
}

/** The physical name of one of the setup's topics or groups. */
export function benchName(names: BenchTopics, name: string): string {
  return `${names.prefix}${name}`;
}

export interface BenchKafka {
  readonly kind: KafkaKind;
  readonly brokers: string[];
  /** Off on the mock, which cannot run it. */
  readonly idempotentProducer: boolean;
  /** `kafka: apache-kafka 4.4.0, brokers 3, replication 3, min.insync 2`, printed before the figures. */
  readonly description: string;
  /** PIDs of every Kafka process (brokers and controller; the mock's launcher), for CPU time. */
  pids(): number[];
  /** Creates a setup's topics (name → partitions) under `prefix`, as an operator would. */
  topics(prefix: string, topics: Record<string, number>): Promise<BenchTopics>;
  stop(): Promise<void>;
}

/** `--kafka real|mock` from the command line (default real). */
export function kafkaKindFromArgs(argv: readonly string[] = process.argv.slice(2)): KafkaKind {
  const at = argv.indexOf('--kafka');
  const inline = argv.find((arg) => arg.startsWith('--kafka='))?.slice('--kafka='.length);
  const value = at >= 0 ? argv[at + 1] : (inline ?? 'real');
  if (value !== 'real' && value !== 'mock') {
    throw new Error(`--kafka takes real or mock, not "${value ?? ''}"`);
  }
  return value;
}

export async function startBenchKafka(kind: KafkaKind): Promise<BenchKafka> {
  const names = (brokers: string[], idempotentProducer: boolean, prefix: string): BenchTopics => ({
    brokers,
    prefix,
    idempotentProducer,
    env: {
      KAFKA_BROKERS: brokers.join(','),
      KAFKA_NAME_PREFIX: prefix,
      KAFKA_IDEMPOTENT_PRODUCER: String(idempotentProducer),
    },
  });
  if (kind === 'mock') {
    const mock = await startKafkaMockCluster({ brokers: 1 });
    return {
      kind,
      brokers: mock.brokers,
      idempotentProducer: false,
      description: 'kafka: librdkafka mock cluster, brokers 1, replication 1, min.insync 1',
      pids: () => [mock.pid],
      topics: async (prefix, topics) => {
        for (const [topic, partitions] of Object.entries(topics)) {
          await mock.createTopic(`${prefix}${topic}`, partitions);
        }
        return names(mock.brokers, false, prefix);
      },
      stop: () => mock.stop(),
    };
  }
  const cluster = await startKafkaCluster();
  return {
    kind,
    brokers: cluster.brokers,
    idempotentProducer: true,
    description: kafkaDescription(cluster.info),
    pids: () => cluster.pids(),
    topics: async (prefix, topics) => {
      const admin = kafkaClient(cluster, 'bench-admin').admin();
      await admin.connect();
      try {
        await admin.createTopics({
          topics: Object.entries(topics).map(([topic, numPartitions]) => ({
            topic: `${prefix}${topic}`,
            numPartitions,
            replicationFactor: cluster.info.replicationFactor,
          })),
          waitForLeaders: true,
        });
      } finally {
        await admin.disconnect();
      }
      return names(cluster.brokers, true, prefix);
    },
    stop: () => cluster.stop(),
  };
}
