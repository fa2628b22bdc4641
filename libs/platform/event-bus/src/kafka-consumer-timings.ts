import { Type, type Static } from '@sinclair/typebox';
import type { ConsumerConfig } from 'kafkajs';

/**
 * The consumer group timings every service reads from the same variables (for `configFromEnv`).
 * Only the fetch wait's default differs: a service that a CPE waits on fetches with a short wait.
 */
export function kafkaConsumerTimingsEnv(defaults: { maxWaitMs: number }) {
  return {
    /** A crashed instance's partitions move to another after this long without heartbeats. */
    sessionTimeoutMs: Type.Integer({
      env: 'KAFKA_SESSION_TIMEOUT_MS',
      default: 30_000,
      minimum: 1_000,
    }),
    heartbeatIntervalMs: Type.Integer({
      env: 'KAFKA_HEARTBEAT_INTERVAL_MS',
      default: 3_000,
      minimum: 100,
    }),
    /** Longest a fetch waits for new events (kafkajs's own default is 5 s). */
    maxWaitMs: Type.Integer({ env: 'KAFKA_MAX_WAIT_MS', default: defaults.maxWaitMs, minimum: 1 }),
    /**
     * The same for the topics no CPE waits on (acs.commands, cwmp.device-changes). A broker
     * answers a fetch as soon as events arrive, so a long wait costs them no latency; a short one
     * only polls their mostly idle partitions, each empty fetch costing the service and the broker
     * CPU (docs/architecture.md, "Fetch waits"). Only the librdkafka mock, which answers
     * when the wait runs out, turns it into latency.
     */
    backgroundMaxWaitMs: Type.Integer({
      env: 'KAFKA_BACKGROUND_MAX_WAIT_MS',
      default: 500,
      minimum: 1,
    }),
  };
}

export type KafkaConsumerTimings = {
  [K in keyof ReturnType<typeof kafkaConsumerTimingsEnv>]: Static<
    ReturnType<typeof kafkaConsumerTimingsEnv>[K]
  >;
};

type TimingsConfig = Pick<
  ConsumerConfig,
  'sessionTimeout' | 'heartbeatInterval' | 'maxWaitTimeInMs'
>;

/** The timings as kafkajs consumer settings, for the topics a CPE waits on. */
export function kafkaConsumerConfig(timings: KafkaConsumerTimings): TimingsConfig {
  return {
    sessionTimeout: timings.sessionTimeoutMs,
    heartbeatInterval: timings.heartbeatIntervalMs,
    maxWaitTimeInMs: timings.maxWaitMs,
  };
}

/** The timings as kafkajs consumer settings, for the topics no CPE waits on. */
export function kafkaBackgroundConsumerConfig(timings: KafkaConsumerTimings): TimingsConfig {
  return { ...kafkaConsumerConfig(timings), maxWaitTimeInMs: timings.backgroundMaxWaitMs };
}
