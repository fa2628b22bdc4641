import 'reflect-metadata';
import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter, type NestExpressApplication } from '@nestjs/platform-express';
import {
  campaignControlForCommands,
  FirmwareEventPublisher,
  SignedDownloadLinks,
  transferTasksOver,
} from '@acs/firmware';
import { RedisRateLimiter } from '@acs/connection-request';
import {
  kafkaBackgroundConsumerConfig,
  kafkaConsumerConfig,
  kafkaPublisherFromSettings,
  kafkaConfigFromSettings,
  kafkaFromSettings,
  PipelinedKafkaConsumer,
} from '@acs/event-bus';
import { SessionEventSchema } from '@acs/contracts';
import { KafkaInventoryWrites } from '@acs/inventory-writes';
import { secretsOpened } from '@acs/device-store';
import {
  ensureAdminKey,
  listenNbi,
  NbiMetrics,
  nbiHttpMetrics,
  NbiModule,
  nbiServerOptions,
  timedNbiStores,
} from '@acs/nbi';
import {
  KafkaReadinessProbe,
  messageTypesOf,
  observedConsumer,
  OpsServer,
  processMetricsRegistry,
  readinessOf,
  timedPort,
} from '@acs/observability';
import {
  commandsMicroservice,
  commandsTransportModule,
  ConnectionRequestRuntime,
  inventoryWritesMarkingWork,
  ExecuteCommand,
  PresetWakeWaves,
  ProvisioningMetrics,
  ProvisioningModule,
  publisherCountingOutcomes,
  sessionStoreCountingDecisions,
  StoredPresetSource,
  subscriberLookup,
  subscriberStoreMarkingWork,
  taskStoreMarkingWork,
  timedProvisioningStores,
  wakeUpCountingOutcomes,
  type ProvisioningLog,
  derivedConnectionRequestCredentials,
} from '@acs/provisioning';
import { CreateTask, type ProvisioningChange } from '@acs/provisioning-use-cases';
import {
  RedisPendingWorkMarker,
  RedisSessionProgressStore,
} from '@acs/provisioning-progress-store';
import { createRedisClient, describeRedisTarget } from '@acs/redis';
import { RedisSessionStore } from '@acs/session-store';
import type { UploadRecords } from '@acs/firmware-data-access';
import type { ProvisioningServiceConfig } from './provisioning-config';
import { openServiceStores } from './provisioning-stores';

export interface RunningProvisioning {
  nbiPort: number;
  /** Where /metrics, /healthz and /readyz are served. */
  opsPort: number;
  /** The admin API key made on the very first start (null afterwards). */
  adminKey: string | null;
  /** Stops consuming (the batch in hand finishes and commits), then closes Kafka, Redis, stores. */
  stop(): Promise<void>;
}

/**
 * Configuration backups in the API, when this service can sign the firmware file server's URLs
 * (its origin and key configured): Uploads and restores are tasks of this service's own.
 */
function backupsOf(
  config: ProvisioningServiceConfig,
  parts: { uploads: UploadRecords; create: CreateTask },
) {
  const { firmwareFileUrl, firmwareGrantSecret, firmwareGrantSecretPrevious } = config;
  if (!firmwareFileUrl || !firmwareGrantSecret) return null;
  const secrets = {
    current: firmwareGrantSecret,
    ...(firmwareGrantSecretPrevious ? { previous: firmwareGrantSecretPrevious } : {}),
  };
  return {
    uploads: parts.uploads,
    links: new SignedDownloadLinks(firmwareFileUrl.replace(/\/+$/, ''), secrets),
    tasks: transferTasksOver(async (deviceId, task) => {
      const { task: created } = await parts.create.execute({ deviceId, task });
      return { taskId: created.id };
    }),
  };
}

/**
 * The scaled provisioning service: session events from Kafka, outboxes and its own session
 * progress in Redis, tasks/presets/subscribers in the chosen store, and the operator API.
 */
export async function startProvisioning(
  config: ProvisioningServiceConfig,
  log: ProvisioningLog,
): Promise<RunningProvisioning> {
  const opened = await openServiceStores(config);
  // Every store call timed at the port, for provisioning's stores and the API's alike.
  const metrics = new ProvisioningMetrics();
  const nbiMetrics = new NbiMetrics();
  const stores = {
    ...opened,
    devices: timedPort(opened.devices, metrics.stores, 'devices'),
    provisioning: timedProvisioningStores(opened.provisioning, metrics.stores),
    nbi: timedNbiStores(opened.nbi, nbiMetrics),
  };
  log.info('adapters', {
    eventBus: 'kafka',
    brokers: config.kafkaBrokers,
    kafkaNamePrefix: config.kafkaNamePrefix,
    groupId: config.groupId,
    sessionStore: 'redis',
    redis: describeRedisTarget(config.redis),
    stores: stores.kind,
  });
  const redis = createRedisClient(config.redis, { enableAutoPipelining: true });
  const kafka = kafkaFromSettings(config);
  const publisher = kafkaPublisherFromSettings(kafka, config);
  const onHandlerError = (groupId: string) => (error: unknown, context: object) =>
    log.error('events not handled; they will be handled again', {
      ...context,
      groupId,
      error: String(error),
    });
  const sessionEvents = observedConsumer(
    new PipelinedKafkaConsumer(kafka, {
      groupId: config.groupId,
      maxInFlight: config.eventsInFlight,
      commitIntervalMs: config.commitIntervalMs,
      consumerConfig: kafkaConsumerConfig(config),
      namePrefix: config.kafkaNamePrefix,
      onHandlerError: onHandlerError(config.groupId),
      onBatchFetched: metrics.consumer.recordLag,
    }),
    metrics.consumer,
    messageTypesOf(SessionEventSchema),
  );
  // Task outcomes and command results are counted as they are published.
  const events = publisherCountingOutcomes(publisher, metrics);
  const kafkaProbe = new KafkaReadinessProbe(kafka);
  const ops = new OpsServer(
    { port: config.opsPort, host: config.opsHost },
    [metrics.registry, nbiMetrics.registry, processMetricsRegistry()],
    readinessOf({
      kafka: kafkaProbe.probe,
      redis: () => redis.ping(),
      mongodb: () => stores.ping(),
    }),
  );
  let app: INestApplication | undefined;
  let connectionRequests: ConnectionRequestRuntime | undefined;
  try {
    await publisher.connect();
    const opsPort = await ops.listen();
    // Inventory owns the devices: this service reads them and asks inventory for its changes.
    const marker = new RedisPendingWorkMarker(redis);
    const inventoryWrites = inventoryWritesMarkingWork(
      new KafkaInventoryWrites(publisher, stores.devices),
      stores.devices,
      marker,
    );
    const tasks = taskStoreMarkingWork(stores.provisioning.tasks, marker);
    const devices = stores.devices; // read here; changed through inventoryWrites only
    // Sessions compare stored secret values with presets', connection requests send the password:
    // those two read them opened; everyone else reads them sealed.
    const openedDevices = secretsOpened(devices, config.secrets, log);
    const subscribers = subscriberStoreMarkingWork(stores.provisioning.subscribers, marker);
    const presets = new StoredPresetSource(
      stores.provisioning.presets,
      stores.provisioning.configurations,
    );
    // Rate limits in Redis: every pod of the service shares them.
    const cr = config.connectionRequests;
    connectionRequests = new ConnectionRequestRuntime({
      settings: cr,
      rateLimiter: new RedisRateLimiter(redis, {
        deviceIntervalMs: cr.deviceIntervalMs,
        globalPerSecond: cr.globalPerSecond,
      }),
      devices: openedDevices,
      inventory: inventoryWrites,
      log,
    });
    await connectionRequests.start();
    const wakeUp = wakeUpCountingOutcomes(connectionRequests.wakeUp, metrics);
    const waves = new PresetWakeWaves({
      presets: stores.provisioning.presets,
      devices,
      wakeUp,
      log,
    });
    // Told of every preset, configuration and subscriber change, from the API and the commands alike.
    const onProvisioningChange = async (change: ProvisioningChange) => {
      presets.invalidate();
      await waves.changed(change);
    };
    // OSS/BSS commands: a consumer group of their own, so a slow command never holds up sessions.
    const executeCommand = new ExecuteCommand({
      tasks,
      devices,
      inventory: inventoryWrites,
      subscribers,
      configurations: stores.provisioning.configurations,
      commands: stores.provisioning.commands,
      publisher: events,
      connectionRequests: { wake: (deviceId) => wakeUp.wake(deviceId, 'command') },
      changes: { changed: onProvisioningChange },
      campaigns: campaignControlForCommands({
        campaigns: stores.firmware.campaigns,
        events: new FirmwareEventPublisher(publisher),
        now: () => new Date(),
      }),
      log,
    });
    const backups = backupsOf(config, {
      uploads: stores.uploads,
      create: new CreateTask({
        devices,
        tasks,
        connectionRequests: { wake: (deviceId) => wakeUp.wake(deviceId, 'backup') },
        log,
      }),
    });
    @Module({
      imports: [
        ProvisioningModule.register({
          ports: {
            // Provisioning only writes outboxes: it needs no wake-up subscription of its own.
            sessions: sessionStoreCountingDecisions(
              timedPort(new RedisSessionStore(redis, 'provisioning'), metrics.stores, 'sessions'),
              metrics,
            ),
            progress: new RedisSessionProgressStore(redis),
            marker,
            tasks,
            devices: openedDevices,
            inventory: inventoryWrites,
            events,
            presets,
            subscribers: subscriberLookup(subscribers, config.ossSubscribers, log),
            connectionRequestCredentials: derivedConnectionRequestCredentials(
              config.secrets.keyring,
            ),
            log,
          },
          consumer: sessionEvents,
          settings: config.settings,
        }),
        NbiModule.forRoot({
          // acs.audit, for the SIEM: every audit entry once stored; and operators' fault clears
          // on acs.events, counted with provisioning's own.
          auditEvents: events,
          stores: {
            ...stores.nbi,
            devices,
            inventory: inventoryWrites,
            tasks,
            provisioning: { ...stores.provisioning, subscribers },
          },
          onProvisioningChange,
          connectionRequests: wakeUp,
          oidc: config.oidc,
          limits: config.nbiLimits,
          quirkProfiles: config.settings.quirkProfiles,
          secretKeyring: config.secrets.keyring,
          firmware: {
            ...stores.firmware,
            maxImageBytes: config.firmwareMaxImageBytes,
            events: new FirmwareEventPublisher(publisher),
            log,
            ...(backups ? { backups } : {}),
          },
        }),
        commandsTransportModule({ namePrefix: config.kafkaNamePrefix, executeCommand, log }),
      ],
    })
    class ProvisioningServiceModule {}
    const nest = await NestFactory.create<NestExpressApplication>(
      ProvisioningServiceModule,
      new ExpressAdapter(),
      { bodyParser: false, logger: false, ...nbiServerOptions(config.nbiTransport) },
    );
    nest.disable('x-powered-by');
    nest.use(nbiHttpMetrics(nbiMetrics));
    nest.connectMicroservice(
      commandsMicroservice({
        client: kafkaConfigFromSettings(config),
        groupId: `${config.groupId}-commands`,
        consumer: kafkaBackgroundConsumerConfig(config),
        namePrefix: config.kafkaNamePrefix,
        partitionsConcurrently: config.commandPartitionsConcurrently,
      }),
    );
    const nbi = await listenNbi(nest, {
      port: config.nbiPort,
      host: config.nbiHost,
      transport: config.nbiTransport,
      log,
    });
    app = nest;
    await nest.startAllMicroservices();
    const adminKey = await ensureAdminKey(stores.nbi.apiKeys);
    const started = nest;
    const runtime = connectionRequests;
    return {
      nbiPort: nbi.port,
      opsPort,
      adminKey,
      stop: async () => {
        await waves.stop();
        // The API and the acs.commands transport (its batch in hand finishes and commits).
        await started.close();
        await runtime.stop();
        await ops.close();
        await kafkaProbe.close();
        await publisher.shutdown();
        redis.disconnect();
        await stores.close();
      },
    };
  } catch (error) {
    await app?.close().catch(() => undefined);
    await connectionRequests?.stop().catch(() => undefined);
    await ops.close();
    await kafkaProbe.close().catch(() => undefined);
    await publisher.shutdown();
    redis.disconnect();
    await stores.close();
    throw error;
  }
}
