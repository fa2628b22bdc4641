import 'reflect-metadata';
import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter, type NestExpressApplication } from '@nestjs/platform-express';
import { Redis } from 'ioredis';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { KafkaEventConsumer, KafkaEventPublisher } from '@acs/event-bus';
import { ensureAdminKey, NbiModule } from '@acs/nbi';
import {
  deviceStoreMarkingWork,
  ProvisioningModule,
  StoredPresetSource,
  subscriberStoreMarkingWork,
  taskStoreMarkingWork,
  type ProvisioningLog,
} from '@acs/provisioning';
import { RedisPendingWorkMarker, RedisSessionProgressStore } from '@acs/provisioning-session-state';
import { RedisSessionStore } from '@acs/session-store';
import type { ProvisioningServiceConfig } from './provisioning-config';
import { openServiceStores } from './provisioning-stores';

export interface RunningProvisioning {
  nbiPort: number;
  /** The admin API key made on the very first start (null afterwards). */
  adminKey: string | null;
  /** Stops consuming (the batch in hand finishes and commits), then closes Kafka, Redis, stores. */
  stop(): Promise<void>;
}

/**
 * The scaled provisioning service: session events from Kafka, outboxes and its own session
 * progress in Redis, tasks/presets/subscribers in the chosen store, and the operator API.
 */
export async function startProvisioning(
  config: ProvisioningServiceConfig,
  log: ProvisioningLog,
): Promise<RunningProvisioning> {
  const stores = await openServiceStores(config);
  log.info('adapters', {
    eventBus: 'kafka',
    brokers: config.kafkaBrokers,
    groupId: config.groupId,
    sessionStore: 'redis',
    stores: stores.kind,
  });
  const redis = new Redis(config.redisUrl, { enableAutoPipelining: true });
  const kafka = new Kafka({
    clientId: config.kafkaClientId,
    brokers: config.kafkaBrokers,
    logLevel: logLevel.WARN,
  });
  const producer = kafka.producer({
    idempotent: config.idempotentProducer,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  let app: INestApplication | undefined;
  try {
    await producer.connect();
    const publisher = new KafkaEventPublisher(producer);
    const marker = new RedisPendingWorkMarker(redis);
    const tasks = taskStoreMarkingWork(stores.nbi.tasks, marker);
    const devices = deviceStoreMarkingWork(stores.devices, marker);
    const subscribers = subscriberStoreMarkingWork(stores.provisioning.subscribers, marker);
    const presets = new StoredPresetSource(
      stores.provisioning.presets,
      stores.provisioning.configurations,
    );
    @Module({
      imports: [
        ProvisioningModule.register({
          ports: {
            // Provisioning only writes outboxes: it needs no wake-up subscription of its own.
            sessions: new RedisSessionStore(redis, 'provisioning'),
            progress: new RedisSessionProgressStore(redis),
            marker,
            tasks,
            devices,
            events: publisher,
            presets,
            subscribers: { find: (identity) => subscribers.findForDevice(identity) },
            log,
          },
          consumer: new KafkaEventConsumer(kafka, {
            groupId: config.groupId,
            maxBatchSize: config.maxBatchSize,
            partitionsConsumedConcurrently: config.partitionsConcurrently,
            consumerConfig: {
              sessionTimeout: config.sessionTimeoutMs,
              heartbeatInterval: config.heartbeatIntervalMs,
              maxWaitTimeInMs: config.maxWaitMs,
            },
            onHandlerError: (error, context) =>
              log.error('batch not consumed; it will be delivered again', {
                ...context,
                error: String(error),
              }),
          }),
          settings: config.settings,
        }),
        NbiModule.forRoot({
          stores: {
            ...stores.nbi,
            devices,
            tasks,
            provisioning: { ...stores.provisioning, subscribers },
          },
          onProvisioningChange: async () => presets.invalidate(),
        }),
      ],
    })
    class ProvisioningServiceModule {}
    const nest = await NestFactory.create<NestExpressApplication>(
      ProvisioningServiceModule,
      new ExpressAdapter(),
      { bodyParser: false, logger: false },
    );
    nest.disable('x-powered-by');
    await nest.listen(config.nbiPort, config.nbiHost);
    app = nest;
    const address = nest.getHttpServer().address() as { port: number };
    const adminKey = await ensureAdminKey(stores.nbi.apiKeys);
    const started = nest;
    return {
      nbiPort: address.port,
      adminKey,
      stop: async () => {
        await started.close();
        await publisher.shutdown();
        await producer.disconnect();
        redis.disconnect();
        await stores.close();
      },
    };
  } catch (error) {
    await app?.close().catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
    redis.disconnect();
    await stores.close();
    throw error;
  }
}
