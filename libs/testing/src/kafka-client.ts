import { Kafka, logLevel, type ConsumerConfig, type KafkaConfig } from 'kafkajs';

/**
 * A kafkajs client for tests: silent, and with short timeouts and few retries so that an
 * injected fault surfaces in about a second instead of after kafkajs' default retrying.
 * Against the mock cluster keep producers `idempotent: false` (see KafkaMockCluster).
 */
export function kafkaClient(
  cluster: { readonly brokers: readonly string[] },
  clientId: string,
  overrides: Partial<KafkaConfig> = {},
): Kafka {
  return new Kafka(kafkaClientConfig(cluster, clientId, overrides));
}

/** kafkaClient's settings, for what builds its own client (@nestjs/microservices' transport). */
export function kafkaClientConfig(
  cluster: { readonly brokers: readonly string[] },
  clientId: string,
  overrides: Partial<KafkaConfig> = {},
): KafkaConfig {
  return {
    clientId,
    brokers: [...cluster.brokers],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1_000,
    requestTimeout: 5_000,
    retry: { initialRetryTime: 50, maxRetryTime: 1_000, retries: 5 },
    ...overrides,
  };
}

/**
 * Consumer timings that keep group tests quick, measured against the librdkafka 2.0.2 mock:
 * - a rebalance waits sessionTimeout - 1 s for members to rejoin (5 s at kafkajs' default);
 *   below 3 s the mock's fixed 3 s first-join delay outlasts the session and the group never forms;
 * - a fetch long-polls up to maxWaitTimeInMs, and disconnect() waits for it (5 s by default).
 * Spread into kafka.consumer({ groupId, ...FAST_CONSUMER_TIMINGS }).
 */
export const FAST_CONSUMER_TIMINGS = {
  sessionTimeout: 3_000,
  heartbeatInterval: 300,
  maxWaitTimeInMs: 100,
} as const satisfies Partial<ConsumerConfig>;
