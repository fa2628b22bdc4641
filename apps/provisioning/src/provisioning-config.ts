import { secretSettingsEnv, secretsAtStart, type Secrets } from '@acs/secrets';
import { Type, type Static } from '@sinclair/typebox';
import { ConfigError, configFromEnv } from '@acs/config';
import { mongoSettingsEnv } from '@acs/device-store';
import { firmwareLinkSettingsEnv, firmwareSettingsEnv } from '@acs/firmware-data-access';
import { kafkaClientEnv, kafkaConsumerTimingsEnv } from '@acs/event-bus';
import {
  nbiLimitsOf,
  nbiLimitsSettingsEnv,
  nbiOidcSettingsEnv,
  nbiTransportOf,
  nbiTransportSettingsEnv,
  oidcSettingsOf,
  type NbiLimits,
  type NbiTransport,
  type OidcSettings,
} from '@acs/nbi';
import { opsServerEnv } from '@acs/observability';
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
  /**
   * Partitions of acs.commands executed side by side: an OSS's bulk (or a firmware campaign's
   * Downloads) is not one command at a time.
   */
  commandPartitionsConcurrently: Type.Integer({
    env: 'PROVISIONING_COMMAND_PARTITIONS_CONCURRENTLY',
    default: 8,
    minimum: 1,
    maximum: 256,
  }),
  /** A CPE waits on every decision: fetch with a short wait. */
  ...kafkaConsumerTimingsEnv({ maxWaitMs: 100 }),
  ...mongoSettingsEnv(),
  /** The operator API this service serves (tasks, presets, configurations, subscribers, devices). */
  nbiPort: Type.Integer({ env: 'NBI_PORT', default: 7557, minimum: 0, maximum: 65535 }),
  /** All interfaces: then HTTPS (NBI_TLS_*) or an explicit NBI_ALLOW_PLAIN_HTTP is required. */
  nbiHost: Type.String({ env: 'NBI_HOST', default: '0.0.0.0', minLength: 1 }),
  ...nbiTransportSettingsEnv(),
  ...nbiLimitsSettingsEnv(),
  ...nbiOidcSettingsEnv(),
  ...firmwareSettingsEnv(),
  /**
   * The firmware service's file server origin and signing key (FIRMWARE_FILE_URL,
   * FIRMWARE_GRANT_SECRET): with both, the API takes and restores configuration backups.
   */
  ...firmwareLinkSettingsEnv(),
  /** /metrics, /healthz, /readyz (OPS_PORT, OPS_HOST). */
  ...opsServerEnv({ port: 9466 }),
  /** The keys inventory seals secret parameter values with: the API's reveal route opens them. */
  ...secretSettingsEnv(),
});

export type ProvisioningServiceConfig = Static<typeof ProvisioningServiceSchema> & {
  /**
   * Required: the scaled service reads devices from inventory's MongoDB store and keeps its own
   * stores (tasks, presets, API keys, ...) beside them, shared by every instance. It never opens
   * another service's files; one machine without MongoDB runs the all-in-one app instead.
   */
  mongodbUri: string;
  /** REDIS_URL or REDIS_CLUSTER_NODES. */
  redis: RedisTarget;
  settings: ProvisioningSettings;
  /** CONNECTION_REQUEST_* and STUN_*. */
  connectionRequests: ConnectionRequestSettings;
  ossSubscribers: OssEndpointSettings | null;
  /** The operator API's single sign-on (NBI_OIDC_*), or null: API keys only. */
  oidc: OidcSettings | null;
  /** HTTPS (NBI_TLS_*), or plain HTTP on loopback or by opt-in. */
  nbiTransport: NbiTransport;
  /** Request budgets (per pod) and the bound on fleet scans. */
  nbiLimits: NbiLimits;
  /**
   * ACS_SECRET_KEYS(_FILE), required: provisioning compares the secret values inventory sealed
   * with a preset's, and the operator API reveals them.
   */
  secrets: Secrets;
};

/** Throws ConfigError listing every bad variable by name. */
export function provisioningServiceConfigFromEnv(
  env: Record<string, string | undefined> = process.env,
): ProvisioningServiceConfig {
  const config = configFromEnv(ProvisioningServiceSchema, env);
  const { mongodbUri } = config;
  if (mongodbUri === undefined) {
    throw new ConfigError([
      'MONGODB_URI: required by the scaled provisioning service (devices are read from ' +
        "inventory's MongoDB store); on one machine without MongoDB run the all-in-one app (npm start)",
    ]);
  }
  return {
    ...config,
    mongodbUri,
    redis: redisTargetFromEnv(env),
    settings: provisioningSettingsFromEnv(env),
    connectionRequests: connectionRequestSettingsFromEnv(env),
    ossSubscribers: ossSubscriberEndpointFromEnv(env),
    oidc: oidcSettingsOf(config),
    nbiTransport: nbiTransportOf(config),
    nbiLimits: nbiLimitsOf(config),
    // The device store is shared (MongoDB): without the key inventory seals with, refuse to start.
    secrets: secretsAtStart(config, { localDataDir: null, log: () => undefined }),
  };
}
