import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Partitioners } from 'kafkajs';
import { EmbeddedDeviceStore, MongoDeviceStore, type DeviceStore } from '@acs/device-store';
import {
  DEFAULT_PUBLISHER_OPTIONS,
  kafkaConsumerConfig,
  KafkaEventPublisher,
  kafkaFromSettings,
  PipelinedKafkaConsumer,
} from '@acs/event-bus';
import { InventoryModule, nestJsonLog, type InventoryLog } from '@acs/inventory';
import type { InventoryConfig } from './inventory-config';

export interface RunningInventory {
  /** Stops consuming (the batch in hand finishes and commits), then closes Kafka and the store. */
  stop(): Promise<void>;
}

/**
 * MongoDB (the database the URI names) when MONGODB_URI is set, with its indexes made at start;
 * otherwise the embedded store under the data directory.
 */
async function openDeviceStore(config: InventoryConfig): Promise<DeviceStore> {
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
  log.info('adapters', {
    eventBus: 'kafka',
    brokers: config.kafkaBrokers,
    kafkaNamePrefix: config.kafkaNamePrefix,
    groupId: config.groupId,
    deviceStore: config.mongodbUri === undefined ? 'embedded' : 'mongodb',
    ...(config.mongodbUri === undefined && { dataDir: config.dataDir }),
  });
  const deviceStore = await openDeviceStore(config);
  const kafka = kafkaFromSettings(config);
  // The Java client's partitioner: a device's events land on the same partition whoever writes.
  const publisher = new KafkaEventPublisher(
    () =>
      kafka.producer({
        idempotent: config.idempotentProducer,
        createPartitioner: Partitioners.DefaultPartitioner,
      }),
    { ...DEFAULT_PUBLISHER_OPTIONS, namePrefix: config.kafkaNamePrefix },
  );
  let app: INestApplicationContext | undefined;
  try {
    await publisher.connect();
    app = await NestFactory.createApplicationContext(
      InventoryModule.register({
        deviceStore,
        // One write at a time, of everything fetched while the last one ran (or within the batch
        // wait): batches grow with the load. Up to one more batch is fetched while one is written.
        consumer: new PipelinedKafkaConsumer(kafka, {
          groupId: config.groupId,
          ordering: 'total',
          maxBatchSize: config.maxBatchSize,
          lingerMs: config.batchWaitMs,
          maxInFlight: 2 * config.maxBatchSize,
          consumerConfig: kafkaConsumerConfig(config),
          namePrefix: config.kafkaNamePrefix,
          onHandlerError: (error, context) =>
            log.error('events not stored; they will be handled again', { ...context, error }),
        }),
        // A group of its own: kafkajs's assigners expect every member to read the same topics.
        changes: new PipelinedKafkaConsumer(kafka, {
          groupId: `${config.groupId}.device-changes`,
          ordering: 'total',
          maxBatchSize: config.maxBatchSize,
          lingerMs: config.batchWaitMs,
          maxInFlight: 2 * config.maxBatchSize,
          consumerConfig: kafkaConsumerConfig(config),
          namePrefix: config.kafkaNamePrefix,
          onHandlerError: (error, context) =>
            log.error('device changes not applied; they will be handled again', {
              ...context,
              error,
            }),
        }),
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
      }),
      { logger: false },
    );
    await app.init();
    const started = app;
    return {
      stop: async () => {
        await started.close();
        await publisher.shutdown();
        await deviceStore.close();
      },
    };
  } catch (error) {
    await app?.close().catch(() => undefined);
    await publisher.shutdown();
    await deviceStore.close();
    throw error;
  }
}
