import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DeviceChangeSchema, SessionEventSchema } from '@acs/contracts';
import { EmbeddedDeviceStore, MongoDeviceStore } from '@acs/device-store';
import {
  kafkaBackgroundConsumerConfig,
  kafkaConsumerConfig,
  kafkaPublisherFromSettings,
  kafkaFromSettings,
  PipelinedKafkaConsumer,
} from '@acs/event-bus';
import { InventoryMetrics, InventoryModule, nestJsonLog, type InventoryLog } from '@acs/inventory';
import {
  KafkaReadinessProbe,
  messageTypesOf,
  observedConsumer,
  OpsServer,
  processMetricsRegistry,
  readinessOf,
  timedPort,
  type TypedMessageUnion,
} from '@acs/observability';
import type { InventoryConfig } from './inventory-config';
import { secretsAtStart } from '@acs/secrets';

export interface RunningInventory {
  /** Where /metrics, /healthz and /readyz are served. */
  opsPort: number;
  /** Stops consuming (the batch in hand finishes and commits), then closes Kafka and the store. */
  stop(): Promise<void>;
}

/**
 * MongoDB (the database the URI names) when MONGODB_URI is set, with its indexes made at start;
 * otherwise the embedded store under the data directory.
 */
async function openDeviceStore(
  config: InventoryConfig,
): Promise<MongoDeviceStore | EmbeddedDeviceStore> {
  if (config.mongodbUri !== undefined)
    return MongoDeviceStore.connect(config.mongodbUri, {
      writesPerCommand: config.mongodbWritesPerCommand,
    });
  return new EmbeddedDeviceStore({ directory: config.dataDir });
}

/** The scaled inventory service: session events from Kafka, devices in the chosen store. */
export async function startInventory(
  config: InventoryConfig,
  log: InventoryLog = nestJsonLog(),
): Promise<RunningInventory> {
  // Before anything opens: a shared store without a key refuses to start.
  const secrets = secretsAtStart(config, {
    localDataDir: config.mongodbUri === undefined ? config.dataDir : null,
    log: (message, fields) => log.warn(message, fields),
  });
  log.info('adapters', {
    eventBus: 'kafka',
    brokers: config.kafkaBrokers,
    kafkaNamePrefix: config.kafkaNamePrefix,
    groupId: config.groupId,
    deviceStore: config.mongodbUri === undefined ? 'embedded' : 'mongodb',
    ...(config.mongodbUri === undefined && { dataDir: config.dataDir }),
  });
  const store = await openDeviceStore(config);
  const metrics = new InventoryMetrics();
  const deviceStore = timedPort(store, metrics.stores, 'devices');
  metrics.countFleet(store);
  metrics.countPosture(store);
  const kafka = kafkaFromSettings(config);
  const kafkaProbe = new KafkaReadinessProbe(kafka);
  const ops = new OpsServer(
    { port: config.opsPort, host: config.opsHost },
    [metrics.registry, processMetricsRegistry()],
    readinessOf({ kafka: kafkaProbe.probe, store: () => store.ping() }),
  );
  const publisher = kafkaPublisherFromSettings(kafka, config);
  const batchingConsumer = (
    groupId: string,
    messages: TypedMessageUnion,
    failure: string,
    consumerConfig: ReturnType<typeof kafkaConsumerConfig>,
  ) =>
    observedConsumer(
      new PipelinedKafkaConsumer(kafka, {
        groupId,
        ordering: 'total',
        maxBatchSize: config.maxBatchSize,
        lingerMs: config.batchWaitMs,
        maxInFlight: 2 * config.maxBatchSize,
        consumerConfig,
        namePrefix: config.kafkaNamePrefix,
        onHandlerError: (error, context) =>
          log.error(`${failure}; they will be handled again`, { ...context, error }),
        onBatchFetched: metrics.consumer.recordLag,
      }),
      metrics.consumer,
      messageTypesOf(messages),
    );
  let app: INestApplicationContext | undefined;
  try {
    await publisher.connect();
    // Before the consumers start: a probe sees the service from its first moment.
    const opsPort = await ops.listen();
    log.info('ops listening', { opsPort });
    app = await NestFactory.createApplicationContext(
      InventoryModule.register({
        deviceStore,
        // One write at a time, of everything fetched while the last one ran (or within the batch
        // wait): batches grow with the load. Up to one more batch is fetched while one is written.
        consumer: batchingConsumer(
          config.groupId,
          SessionEventSchema,
          'events not stored',
          kafkaConsumerConfig(config),
        ),
        // A group of its own: kafkajs's assigners expect every member to read the same topics.
        changes: batchingConsumer(
          `${config.groupId}.device-changes`,
          DeviceChangeSchema,
          'device changes not applied',
          kafkaBackgroundConsumerConfig(config),
        ),
        publisher,
        settings: {
          sweepIntervalMs: config.sweepIntervalMs,
          online: {
            factor: config.onlineFactor,
            graceSeconds: config.onlineGraceSeconds,
            defaultIntervalSeconds: config.defaultInformIntervalSeconds,
          },
        },
        log,
        secrets,
      }),
      { logger: false },
    );
    await app.init();
    const started = app;
    return {
      opsPort,
      stop: async () => {
        await started.close();
        await ops.close();
        await kafkaProbe.close();
        await publisher.shutdown();
        await store.close();
      },
    };
  } catch (error) {
    await app?.close().catch(() => undefined);
    await ops.close();
    await kafkaProbe.close().catch(() => undefined);
    await publisher.shutdown();
    await store.close();
    throw error;
  }
}
