import { randomBytes } from 'node:crypto';
import mongoose, { type Connection } from 'mongoose';
import { Registry } from 'prom-client';
import {
  ACS_COMMAND_TYPES,
  DeviceLifecycleEventSchema,
  FirmwareEventSchema,
  ProvisioningEventSchema,
  TOPICS,
} from '@acs/contracts';
import { MongoDeviceStore } from '@acs/device-store';
import {
  kafkaConsumerConfig,
  KafkaEventConsumer,
  kafkaPublisherFromSettings,
  kafkaFromSettings,
  PipelinedKafkaConsumer,
  type EventConsumer,
} from '@acs/event-bus';
import {
  DeviceStoreFacts,
  MongoUploadRecords,
  openMongoFirmwareStores,
} from '@acs/firmware-data-access';
import type { GrantSecrets } from '@acs/firmware-domain';
import {
  CampaignEngine,
  CommandTaskQueue,
  FirmwareEventPublisher,
  SignedDownloadLinks,
  startFileServer,
  transferTasksOver,
  type RunningFileServer,
} from '@acs/firmware';
import { RunBackupPolicies, type CampaignLog } from '@acs/firmware-use-cases';
import {
  ConsumerMetrics,
  KafkaReadinessProbe,
  messageTypesOf,
  observedConsumer,
  OpsServer,
  processMetricsRegistry,
  readinessOf,
} from '@acs/observability';
import type { FirmwareServiceConfig } from './firmware-config';

export interface RunningFirmware {
  /** Where CPEs fetch images and send uploads. */
  filePort: number;
  /** Where /metrics, /healthz and /readyz are served. */
  opsPort: number;
  /** Stops consuming and the engine's turns, lets transfers under way finish, closes the rest. */
  stop(): Promise<void>;
}

/** Everything to close, in the reverse of the order it was opened in. */
class Closers {
  private readonly closers: Array<() => Promise<unknown> | void> = [];
  add(close: () => Promise<unknown> | void): void {
    this.closers.push(close);
  }
  async closeAll(log?: CampaignLog): Promise<void> {
    for (const close of this.closers.splice(0).reverse()) {
      try {
        await close();
      } catch (error) {
        log?.warn('closing failed', {
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
  }
}

/**
 * The scaled firmware service: the CPE file server (signed image downloads from GridFS, CPE
 * uploads), and the campaign engine, fed by acs.events, queueing its Downloads and Uploads in
 * provisioning through acs.commands. It keeps nothing on its own disk: replicas share MongoDB.
 */
export async function startFirmware(
  config: FirmwareServiceConfig,
  log: CampaignLog,
): Promise<RunningFirmware> {
  const closers = new Closers();
  try {
    const connection: Connection = await mongoose.createConnection(config.mongodbUri).asPromise();
    closers.add(() => connection.close());
    // Inventory owns the devices: read here, never written.
    const devices = await MongoDeviceStore.connect(config.mongodbUri, {
      writesPerCommand: config.mongodbWritesPerCommand,
    });
    closers.add(() => devices.close());
    const stores = await openMongoFirmwareStores(connection);
    closers.add(() => stores.close());
    const uploads = MongoUploadRecords.open(connection);

    const kafka = kafkaFromSettings(config);
    const publisher = kafkaPublisherFromSettings(kafka, config);
    await publisher.connect();
    closers.add(() => publisher.shutdown());

    const registry = new Registry();
    const consumerMetrics = new ConsumerMetrics(registry, 'firmware');
    const kafkaProbe = new KafkaReadinessProbe(kafka);
    closers.add(() => kafkaProbe.close());
    const secrets: GrantSecrets = {
      current: config.firmwareGrantSecret,
      ...(config.firmwareGrantSecretPrevious
        ? { previous: config.firmwareGrantSecretPrevious }
        : {}),
    };
    const taskQueue = new CommandTaskQueue(publisher, {
      answerTimeoutMs: config.taskAnswerTimeoutMs,
    });
    const tasks = transferTasksOver(taskQueue.queueTask);
    const links = new SignedDownloadLinks(config.firmwareFileUrl.replace(/\/+$/, ''), secrets);
    const facts = new DeviceStoreFacts(devices);
    const now = () => new Date();
    const engine = new CampaignEngine(
      {
        campaigns: stores.campaigns,
        images: stores.images,
        devices: facts,
        tasks,
        links,
        events: new FirmwareEventPublisher(publisher),
        log,
        now,
      },
      {
        tickMs: config.campaignTickMs,
        backups: new RunBackupPolicies({
          policies: stores.backupPolicies,
          uploads,
          files: stores.files,
          devices: facts,
          tasks,
          links,
          log,
          now,
        }),
      },
    );
    const ops = new OpsServer(
      { port: config.opsPort, host: config.opsHost },
      [registry, engine.metrics.registry, processMetricsRegistry()],
      readinessOf({
        kafka: kafkaProbe.probe,
        mongodb: async () => {
          if (!connection.db) throw new Error('MongoDB: not connected');
          await connection.db.admin().ping();
        },
      }),
    );
    const opsPort = await ops.listen();
    closers.add(() => ops.close());

    const fileServer: RunningFileServer = await startFileServer({
      port: config.firmwareFilePort,
      host: config.firmwareFileHost,
      secrets,
      files: stores.files,
      uploads: { records: uploads, maxBytes: config.firmwareUploadMaxBytes },
      registry,
      ...(config.tls ? { tls: config.tls } : {}),
    });
    closers.add(() => fileServer.close());

    // Answers to this replica's task commands: a group of its own, from the newest result on
    // (an answer missed while it joins is asked for again under the same command id).
    const results: EventConsumer = new KafkaEventConsumer(kafka, {
      groupId: `${config.groupId}.results.${randomBytes(6).toString('hex')}`,
      fromBeginning: false,
      // A campaign's turn waits on these answers: fetch with a short wait.
      consumerConfig: { ...kafkaConsumerConfig(config), maxWaitTimeInMs: 100 },
      namePrefix: config.kafkaNamePrefix,
      onHandlerError: (error, context) =>
        log.error('command results not read', { ...context, error: String(error) }),
    });
    await observedConsumer(results, consumerMetrics, [...ACS_COMMAND_TYPES, 'unknown']).start(
      TOPICS.commandResults,
      taskQueue.handleResults,
    );
    closers.add(() => results.stop());
    closers.add(() => taskQueue.close());

    await engine.start();
    closers.add(() => engine.stop());
    const events = observedConsumer(
      new PipelinedKafkaConsumer(kafka, {
        groupId: config.groupId,
        maxInFlight: config.eventsInFlight,
        consumerConfig: kafkaConsumerConfig(config),
        namePrefix: config.kafkaNamePrefix,
        onHandlerError: (error, context) =>
          log.error('events not handled; they will be handled again', {
            ...context,
            error: String(error),
          }),
        onBatchFetched: consumerMetrics.recordLag,
      }),
      consumerMetrics,
      [DeviceLifecycleEventSchema, ProvisioningEventSchema, FirmwareEventSchema].flatMap(
        messageTypesOf,
      ),
    );
    await events.start(TOPICS.events, (messages) => engine.handleEvents(messages));
    closers.add(() => events.stop());

    return {
      filePort: fileServer.port,
      opsPort,
      stop: () => closers.closeAll(log),
    };
  } catch (error) {
    await closers.closeAll(log);
    throw error;
  }
}
