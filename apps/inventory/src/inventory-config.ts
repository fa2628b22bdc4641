import { Type, type Static } from '@sinclair/typebox';
import { configFromEnv } from '@acs/config';
import { mongoSettingsEnv } from '@acs/device-store';
import { kafkaClientEnv, kafkaConsumerTimingsEnv } from '@acs/event-bus';
import { opsServerEnv } from '@acs/observability';
import { secretSettingsEnv } from '@acs/secrets';

/** The inventory service's environment; every variable is read and checked once, at start. */
export const InventoryConfigSchema = Type.Object({
  ...kafkaClientEnv({ clientId: 'inventory' }),
  groupId: Type.String({ env: 'INVENTORY_GROUP_ID', default: 'inventory', minLength: 1 }),
  maxBatchSize: Type.Integer({
    env: 'INVENTORY_MAX_BATCH',
    default: 500,
    minimum: 1,
    maximum: 10_000,
  }),
  /**
   * How long a write that is not full waits for more session events: a store transaction costs
   * mostly per write, so under load this saves more than it delays.
   */
  batchWaitMs: Type.Integer({
    env: 'INVENTORY_BATCH_WAIT_MS',
    default: 50,
    minimum: 0,
    maximum: 1_000,
  }),
  /** Provisioning reads what inventory wrote at first contact: fetch within half a second. */
  ...kafkaConsumerTimingsEnv({ maxWaitMs: 500 }),
  ...mongoSettingsEnv(),
  /** /metrics, /healthz, /readyz (OPS_PORT, OPS_HOST). */
  ...opsServerEnv({ port: 9465 }),
  dataDir: Type.String({ env: 'INVENTORY_DATA_DIR', default: 'data/inventory', minLength: 1 }),
  /** Required with MONGODB_URI; on the embedded store a key is made under the data dir. */
  ...secretSettingsEnv(),
  sweepIntervalMs: Type.Integer({
    env: 'INVENTORY_SWEEP_INTERVAL_MS',
    default: 30_000,
    minimum: 100,
  }),
  onlineFactor: Type.Number({ env: 'INVENTORY_ONLINE_FACTOR', default: 2, minimum: 1 }),
  onlineGraceSeconds: Type.Integer({
    env: 'INVENTORY_ONLINE_GRACE_SECONDS',
    default: 60,
    minimum: 0,
  }),
  defaultInformIntervalSeconds: Type.Integer({
    env: 'INVENTORY_DEFAULT_INFORM_INTERVAL_SECONDS',
    default: 86_400,
    minimum: 1,
  }),
});

export type InventoryConfig = Static<typeof InventoryConfigSchema>;

/** Throws ConfigError listing every bad variable by name. */
export function inventoryConfigFromEnv(
  env: Record<string, string | undefined> = process.env,
): InventoryConfig {
  return configFromEnv(InventoryConfigSchema, env);
}
