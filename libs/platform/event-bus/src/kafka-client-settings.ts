import { Type, type Static } from '@sinclair/typebox';
import { Kafka, logLevel, Partitioners, type KafkaConfig } from 'kafkajs';
import { DEFAULT_PUBLISHER_OPTIONS, KafkaEventPublisher } from './kafka-event-publisher';

/** The Kafka client settings every service reads from the same variables (for `configFromEnv`). */
export function kafkaClientEnv(defaults: { clientId: string }) {
  return {
    kafkaBrokers: Type.Array(Type.String({ minLength: 1 }), { env: 'KAFKA_BROKERS', minItems: 1 }),
    kafkaClientId: Type.String({
      env: 'KAFKA_CLIENT_ID',
      default: defaults.clientId,
      minLength: 1,
    }),
    /**
     * On against a real cluster: a retried produce request is never written twice. Off only
     * against librdkafka's mock cluster, which cannot run it (it names no controller).
     */
    idempotentProducer: Type.Boolean({ env: 'KAFKA_IDEMPOTENT_PRODUCER', default: true }),
    /**
     * Put before every topic and consumer group name this service uses, for a cluster that
     * several deployments (or test suites) share: `eu1.` makes `eu1.cwmp.session-events`.
     */
    kafkaNamePrefix: Type.String({
      env: 'KAFKA_NAME_PREFIX',
      default: '',
      pattern: '^[A-Za-z0-9._-]*$',
    }),
  };
}

export type KafkaClientSettings = {
  [K in keyof ReturnType<typeof kafkaClientEnv>]: Static<ReturnType<typeof kafkaClientEnv>[K]>;
};

/** The service's kafkajs client: its brokers and client id, and `overrides` (timeouts, retry). */
export function kafkaFromSettings(
  settings: KafkaClientSettings,
  overrides: Omit<KafkaConfig, 'brokers' | 'clientId'> = {},
): Kafka {
  return new Kafka(kafkaConfigFromSettings(settings, overrides));
}

/** kafkaFromSettings' client settings, for what builds its own client (@nestjs/microservices). */
export function kafkaConfigFromSettings(
  settings: KafkaClientSettings,
  overrides: Omit<KafkaConfig, 'brokers' | 'clientId'> = {},
): KafkaConfig {
  return {
    clientId: settings.kafkaClientId,
    brokers: settings.kafkaBrokers,
    logLevel: logLevel.WARN,
    ...overrides,
  };
}

/**
 * A service's publisher on its client: idempotent as its settings say, its names prefixed, and
 * the Java client's partitioner, so a device's events land on the same partition whoever writes.
 */
export function kafkaPublisherFromSettings(
  kafka: Kafka,
  settings: Pick<KafkaClientSettings, 'idempotentProducer' | 'kafkaNamePrefix'>,
): KafkaEventPublisher {
  return new KafkaEventPublisher(
    () =>
      kafka.producer({
        idempotent: settings.idempotentProducer,
        createPartitioner: Partitioners.DefaultPartitioner,
      }),
    { ...DEFAULT_PUBLISHER_OPTIONS, namePrefix: settings.kafkaNamePrefix },
  );
}
