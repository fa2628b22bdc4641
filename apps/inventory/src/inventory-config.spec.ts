import { ConfigError } from '@acs/config';
import { inventoryConfigFromEnv } from './inventory-config';

describe('inventory configuration', () => {
  it('needs only the Kafka brokers, and picks the embedded store by default', () => {
    expect(inventoryConfigFromEnv({ KAFKA_BROKERS: 'k1:9092,k2:9092' })).toEqual({
      kafkaBrokers: ['k1:9092', 'k2:9092'],
      kafkaClientId: 'inventory',
      groupId: 'inventory',
      idempotentProducer: true,
      kafkaNamePrefix: '',
      maxBatchSize: 500,
      batchWaitMs: 50,
      sessionTimeoutMs: 30_000,
      heartbeatIntervalMs: 3_000,
      maxWaitMs: 500,
      backgroundMaxWaitMs: 500,
      dataDir: 'data/inventory',
      mongodbWritesPerCommand: 1_000,
      sweepIntervalMs: 30_000,
      onlineFactor: 2,
      onlineGraceSeconds: 60,
      defaultInformIntervalSeconds: 86_400,
      opsPort: 9465,
      secretParameters: [],
      opsHost: '0.0.0.0',
    });
  });

  it('reads MongoDB, the group and the online policy when given', () => {
    expect(
      inventoryConfigFromEnv({
        KAFKA_BROKERS: 'k1:9092',
        MONGODB_URI: 'mongodb://db:27017/acs',
        INVENTORY_GROUP_ID: 'inventory-eu',
        KAFKA_IDEMPOTENT_PRODUCER: 'false',
        KAFKA_NAME_PREFIX: 'eu1.',
        INVENTORY_ONLINE_FACTOR: '1.5',
      }),
    ).toMatchObject({
      kafkaNamePrefix: 'eu1.',
      mongodbUri: 'mongodb://db:27017/acs',
      groupId: 'inventory-eu',
      idempotentProducer: false,
      onlineFactor: 1.5,
    });
  });

  it('names every variable that is missing or wrong', () => {
    let caught: unknown;
    try {
      inventoryConfigFromEnv({
        INVENTORY_MAX_BATCH: '0',
        INVENTORY_SWEEP_INTERVAL_MS: 'soon',
        KAFKA_NAME_PREFIX: 'eu 1',
        OPS_PORT: '70000',
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const problems = (caught as ConfigError).problems.join('\n');
    expect(problems).toMatch(/KAFKA_BROKERS/);
    expect(problems).toMatch(/INVENTORY_MAX_BATCH/);
    expect(problems).toMatch(/OPS_PORT/);
    expect(problems).toMatch(/INVENTORY_SWEEP_INTERVAL_MS: cannot read "soon"/);
    expect(problems).toMatch(/KAFKA_NAME_PREFIX/);
  });
});
