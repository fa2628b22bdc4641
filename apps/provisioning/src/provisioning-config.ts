import { Type, type Static } from '@sinclair/typebox';
import { configFromEnv } from '@acs/config';
import { mongoSettingsEnv } from '@acs/device-store';
import { kafkaClientEnv, kafkaConsumerTimingsEnv } from '@acs/event-bus';
import { redisTargetFromEnv, type RedisTarget } from '@acs/redis';
import {
  connectionRequestSettingsFromEnv,
  ossSubscriberEndpointFromEnv,
  type OssEndpointSettings,
  provisioningSettingsFromEnv,
  type ConnectionRequestSettings,
  type ProvisioningSettings,
} from '@acs/provisioning';

/** The provisioning service's environment, read and checked once at start. */
export const ProvisioningServiceSchema = Type.Object({
  ...kafkaClientEnv({ clientId: 'provisioning' }),
  groupId: Type.String({ env: 'PROVISIONING_GROUP_ID', default: 'provisioning', minLength: 1 }),
  /**
   * Session events taken from Kafka and not decided yet. Each device's events are handled in
   * order and different devices' side by side, while the next ones are fetched.
   */
  eventsInFlight: Type.Integer({ env: 'PROVISIONING_EVENTS_IN_FLIGHT', default: 512, minimum: 1 }),
  /** Least time between offset commits of cwmp.session-events (a crash redelivers the rest). */
  commitIntervalMs: Type.Integer({
    env: 'PROVISIONING_COMMIT_INTERVAL_MS',
    default: 100,
    minimum: 0,
  }),
  /** OSS/BSS commands handled per batch. */
  commandBatchSize: Type.Integer({ env: 'PROVISIONING_COMMAND_BATCH', default: 100, minimum: 1 }),
  /** A CPE waits on every decision: fetch with a short wait. */
  ...kafkaConsumerTimingsEnv({ maxWaitMs: 100 }),
  /** Tasks, API keys, presets, configurations, subscribers (embedded stores). */
  dataDir: Type.String({
    env: 'PROVISIONING_DATA_DIR',
    default: 'data/provisioning',
    minLength: 1,
  }),
  /** The embedded device store that inventory writes (same machine). */
  deviceDataDir: Type.String({
    env: 'INVENTORY_DATA_DIR',
    default: 'data/inventory',
    minLength: 1,
  }),
  ...mongoSettingsEnv(),
  /** The operator API this service serves (tasks, presets, configurations, subscribers, devices). */
  nbiPort: Type.Integer({ env: 'NBI_PORT', default: 7557, minimum: 0, maximum: 65535 }),
  nbiHost: Type.String({ env: 'NBI_HOST', default: '0.0.0.0' }),
});

export type ProvisioningServiceConfig = Static<typeof ProvisioningServiceSchema> & {
  /** REDIS_URL or REDIS_CLUSTER_NODES. */
  redis: RedisTarget;
  settings: ProvisioningSettings;
  /** CONNECTION_REQUEST_* and STUN_*. */
  connectionRequests: ConnectionRequestSettings;
  ossSubscribers: OssEndpointSettings | null;
};

/** Throws ConfigError listing every bad variable by name. */
export function provisioningServiceConfigFromEnv(
  env: Record<string, string | undefined> = process.env,
): ProvisioningServiceConfig {
  return {
    ...configFromEnv(ProvisioningServiceSchema, env),
    redis: redisTargetFromEnv(env),
    settings: provisioningSettingsFromEnv(env),
    connectionRequests: connectionRequestSettingsFromEnv(env),
    ossSubscribers: ossSubscriberEndpointFromEnv(env),
  };
}
