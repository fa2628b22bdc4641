import { readFile } from 'fs/promises';
import { logLevel } from 'kafkajs';
import {
  RedisFailureCounterStore,
  RedisNonceCounterStore,
  type CredentialsProvider,
} from '@acs/cpe-auth';
import {
  cpeAuthenticatorFor,
  type GatewayConfig,
  type GatewayLogger,
  type GatewayPorts,
} from '@acs/cwmp-gateway';
import {
  DEFAULT_PUBLISHER_OPTIONS,
  KafkaEventPublisher,
  kafkaFromSettings,
  type KafkaClientSettings,
} from '@acs/event-bus';
import { processMetricsRegistry } from '@acs/observability';
import { createRedisClient, type RedisTarget } from '@acs/redis';
import { RedisSessionStore } from '@acs/session-store';

export interface ScaledSettings extends KafkaClientSettings {
  /** One server or a Redis Cluster (REDIS_URL or REDIS_CLUSTER_NODES). */
  redis: RedisTarget;
  /** Credentials when no credentials file is configured (tests, embedding). */
  credentials?: CredentialsProvider;
}

export type ScaledPorts = GatewayPorts & { close(): Promise<void> };

/**
 * The gateway's adapters for the scaled deployment: Redis (sessions, auth counters) and Kafka
 * (events). Commands fail fast while Redis is away, and the producer keeps trying to connect, so
 * a missing dependency means 503s with Retry-After, never a crash or a hung request.
 */
export async function connectScaledPorts(
  config: GatewayConfig,
  settings: ScaledSettings,
  podId: string,
  logger: GatewayLogger,
): Promise<ScaledPorts> {
  const redis = createRedisClient(settings.redis, {
    maxRetriesPerRequest: 1,
    // Concurrent sessions' commands share round trips (measured: Redis reads per session 7.5 → 1.9).
    enableAutoPipelining: true,
    commandTimeoutMs: 2_000,
    enableOfflineQueue: true,
    reconnectDelayMs: (attempt) => Math.min(attempt * 100, 2_000),
    lazyConnect: true,
  });
  redis.on('error', (error: Error) => logger.warn({ event: 'redis-error', error: error.message }));
  const reachable = await redis.connect().then(
    () => true,
    (error: Error) => {
      logger.warn({ event: 'redis-unreachable-at-start', error: error.message });
      return false;
    },
  );
  const sessionStore = new RedisSessionStore(redis, podId);
  const subscribed = sessionStore
    .start()
    .catch((error: Error) =>
      logger.warn({ event: 'redis-subscribe-failed', error: error.message }),
    );
  // With Redis away the pod starts anyway and answers 503s; the subscription follows once Redis
  // answers (a Cluster client holds it queued until then, and would hold up the start).
  if (reachable) await subscribed;

  const kafka = kafkaFromSettings(settings, {
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1_000,
    requestTimeout: Math.max(1_000, config.publishTimeoutMs),
    retry: { initialRetryTime: 50, maxRetryTime: 1_000, retries: 3 },
  });
  const publisher = new KafkaEventPublisher(
    () => kafka.producer({ idempotent: settings.idempotentProducer, allowAutoTopicCreation: true }),
    { ...DEFAULT_PUBLISHER_OPTIONS, namePrefix: settings.kafkaNamePrefix },
  );
  const kafkaState = keepConnecting(publisher, logger);

  const credentials = await cpeAuthenticatorFor(
    config,
    {
      nonceCounters: new RedisNonceCounterStore(redis),
      failures: new RedisFailureCounterStore(redis),
      ...(settings.credentials ? { credentials: settings.credentials } : {}),
    },
    logger,
  );
  const { authenticator, generatedSecret } = credentials;
  // One pod can live with its own secret; several must share one or challenges fail across pods.
  if (generatedSecret) {
    logger.warn({
      event: 'nonce-secret-generated',
      hint: 'set CWMP_NONCE_SECRET when running several pods',
    });
  }

  return {
    sessionStore,
    publisher,
    authenticator,
    logger,
    tls: await tlsOf(config),
    metrics: [processMetricsRegistry()],
    readiness: async () => ({
      // A Cluster is ready once it has read the slot map and CLUSTER INFO says ok; it stays
      // ready through a failover, whose commands wait and retry (or fail into 503s).
      redis: redis.status === 'ready',
      kafka: kafkaState.connected,
    }),
    close: async () => {
      credentials.stop();
      kafkaState.stop();
      await publisher.shutdown();
      await sessionStore.shutdown();
      redis.disconnect();
    },
  };
}

/** Connects the publisher, retrying in the background until it succeeds or the pod stops. */
function keepConnecting(publisher: KafkaEventPublisher, logger: GatewayLogger) {
  const state = { connected: false, stopped: false };
  const attempt = async (): Promise<void> => {
    while (!state.stopped && !state.connected) {
      try {
        await publisher.connect();
        state.connected = true;
      } catch (error) {
        logger.warn({ event: 'kafka-unreachable', error: (error as Error).message });
        await new Promise((resolve) => setTimeout(resolve, 1_000).unref());
      }
    }
  };
  void attempt();
  return {
    get connected() {
      return state.connected;
    },
    stop: () => void (state.stopped = true),
  };
}

async function tlsOf(config: GatewayConfig): Promise<GatewayPorts['tls']> {
  if (!config.tlsCertFile || !config.tlsKeyFile) return undefined;
  return { cert: await readFile(config.tlsCertFile), key: await readFile(config.tlsKeyFile) };
}
