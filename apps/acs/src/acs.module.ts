import { join } from 'path';
import {
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { InMemoryRateLimiter } from '@acs/connection-request';
import { SessionEventSchema } from '@acs/contracts';
import { InMemoryFailureCounterStore, InMemoryNonceCounterStore } from '@acs/cpe-auth';
import {
  cpeAuthenticatorFor,
  GatewayModule,
  type GatewayLogger,
  type GatewayPorts,
} from '@acs/cwmp-gateway';
import { EmbeddedDeviceStore, secretsOpened, type DeviceReads } from '@acs/device-store';
import { InProcessEventBus, InProcessEventConsumer } from '@acs/event-bus';
import { InventoryMetrics, InventoryModule, type InventoryLog } from '@acs/inventory';
import { StoreInventoryWrites } from '@acs/inventory-writes';
import { openEmbeddedFirmwareStores } from '@acs/firmware-data-access';
import { FirmwareEventPublisher } from '@acs/firmware';
import { NbiMetrics, NbiModule, timedNbiStores } from '@acs/nbi';
import { NBI_DATABASE_FILE, openEmbeddedNbiStores, type NbiStores } from '@acs/nbi-data-access';
import {
  messageTypesOf,
  observedConsumer,
  processMetricsRegistry,
  readinessOf,
  timedPort,
} from '@acs/observability';
import {
  ConnectionRequestRuntime,
  inventoryWritesMarkingWork,
  PresetWakeWaves,
  ProvisioningMetrics,
  ProvisioningModule,
  publisherCountingOutcomes,
  sessionStoreCountingDecisions,
  timedProvisioningStores,
  wakeUpCountingOutcomes,
  StoredPresetSource,
  subscriberLookup,
  type ProvisioningLog,
  subscriberStoreMarkingWork,
  taskStoreMarkingWork,
  derivedConnectionRequestCredentials,
} from '@acs/provisioning';
import {
  openEmbeddedProvisioningStores,
  type ProvisioningStores,
} from '@acs/provisioning-data-access';
import {
  InMemoryPendingWorkMarker,
  InMemorySessionProgressStore,
} from '@acs/provisioning-progress-store';
import { InMemorySessionStore } from '@acs/session-store';
import type { AcsConfig } from './acs-config';
import { secretsAtStart, type Secrets } from '@acs/secrets';
import { FirmwareRuntime } from './firmware-runtime';

export interface AcsParts {
  module: DynamicModule;
  nbiStores: NbiStores;
  /** For the operator API's HTTP middleware, mounted by whoever creates the Nest application. */
  nbiMetrics: NbiMetrics;
  deviceStore: EmbeddedDeviceStore;
  provisioningStores: ProvisioningStores;
  /** The file server CPEs download from and upload to, and the campaign engine. */
  firmware: FirmwareRuntime;
  /** The in-process event bus (acs.events included), for an observer in the same process. */
  bus: InProcessEventBus;
  /** The keyring sealing secret parameter values, and which parameters those are. */
  secrets: Secrets;
  /** Closes the stores (the module does it on application shutdown; idempotent). */
  close(): Promise<void>;
}

/**
 * Every module in one process on the embedded adapters: the gateway, inventory and the operator
 * API share an in-process event bus and session store, and SQLite files under the data directory.
 */
export async function composeAcs(
  config: AcsConfig,
  logger: GatewayLogger,
  inventoryLog: InventoryLog,
  provisioningLog: ProvisioningLog = inventoryLog,
): Promise<AcsParts> {
  // Everything is local here: without a configured key, one is kept under the data directory.
  const secrets = secretsAtStart(config, {
    localDataDir: config.dataDir,
    log: (message, fields) => inventoryLog.warn(message, fields),
  });
  const bus = new InProcessEventBus();
  const sessionStore = new InMemorySessionStore();
  const deviceStore = new EmbeddedDeviceStore({ directory: join(config.dataDir, 'devices') });
  const openedNbiStores = openEmbeddedNbiStores(join(config.dataDir, 'nbi'));
  const openedProvisioningStores = openEmbeddedProvisioningStores(
    join(config.dataDir, 'provisioning'),
    { formerTasksFile: join(config.dataDir, 'nbi', NBI_DATABASE_FILE) },
  );
  // Each module's metrics in its own registry, all served on the gateway's ops port.
  const inventoryMetrics = new InventoryMetrics();
  inventoryMetrics.countFleet(deviceStore);
  inventoryMetrics.countPosture(deviceStore);
  const provisioningMetrics = new ProvisioningMetrics();
  const nbiMetrics = new NbiMetrics();
  const nbiStores = timedNbiStores(openedNbiStores, nbiMetrics);
  const provisioningStores = timedProvisioningStores(
    openedProvisioningStores,
    provisioningMetrics.stores,
  );
  const sessionEventTypes = messageTypesOf(SessionEventSchema);
  const firmwareStores = openEmbeddedFirmwareStores(join(config.dataDir, 'firmware'));
  // One process: the other contexts change devices through inventory's own writes, at once.
  const marker = new InMemoryPendingWorkMarker();
  const inventoryWrites = inventoryWritesMarkingWork(
    new StoreInventoryWrites(deviceStore),
    deviceStore,
    marker,
  );
  // Every writer goes through these, so the pending-work marker never misses a change.
  const tasks = taskStoreMarkingWork(provisioningStores.tasks, marker);
  const devices: DeviceReads = deviceStore; // read here; changed through inventoryWrites only
  // Sessions compare stored secret values with presets', connection requests send the password:
  // those two read them opened; everyone else reads them sealed.
  const openedDevices = secretsOpened(devices, secrets, provisioningLog);
  const subscribers = subscriberStoreMarkingWork(provisioningStores.subscribers, marker);
  const presets = new StoredPresetSource(
    provisioningStores.presets,
    provisioningStores.configurations,
  );
  // One process: the rate limits live in memory. OSS/BSS commands come over Kafka, which the
  // all-in-one app does not run: they are served by the scaled provisioning service only.
  const connectionRequests = new ConnectionRequestRuntime({
    settings: config.connectionRequests,
    rateLimiter: new InMemoryRateLimiter({
      deviceIntervalMs: config.connectionRequests.deviceIntervalMs,
      globalPerSecond: config.connectionRequests.globalPerSecond,
    }),
    devices: openedDevices,
    inventory: inventoryWrites,
    log: provisioningLog,
  });
  const wakeUp = wakeUpCountingOutcomes(connectionRequests.wakeUp, provisioningMetrics);
  const waves = new PresetWakeWaves({
    presets: provisioningStores.presets,
    devices,
    wakeUp,
    log: provisioningLog,
  });
  const firmware = new FirmwareRuntime({
    config,
    stores: firmwareStores,
    bus,
    devices,
    tasks,
    wake: { wake: (deviceId) => wakeUp.wake(deviceId, 'campaign') },
    log: provisioningLog,
  });
  // One process: a generated nonce secret is all it needs.
  const cpeAuth = await cpeAuthenticatorFor(
    config.gateway,
    { nonceCounters: new InMemoryNonceCounterStore(), failures: new InMemoryFailureCounterStore() },
    logger,
  );
  const gatewayPorts: GatewayPorts = {
    sessionStore,
    publisher: bus,
    authenticator: cpeAuth.authenticator,
    // Everything runs in this process: the device store's file is what can be lost.
    readiness: readinessOf({ store: () => deviceStore.ping() }),
    metrics: [
      inventoryMetrics.registry,
      provisioningMetrics.registry,
      nbiMetrics.registry,
      firmware.registry,
      firmware.campaignRegistry,
      processMetricsRegistry(),
    ],
    logger,
  };
  @Module({
    imports: [
      GatewayModule.forRoot({
        config: { ...config.gateway, podId: config.gateway.podId ?? 'acs' },
        ports: gatewayPorts,
      }),
      InventoryModule.register({
        deviceStore: timedPort(deviceStore, inventoryMetrics.stores, 'devices'),
        consumer: observedConsumer(
          new InProcessEventConsumer(bus),
          inventoryMetrics.consumer,
          sessionEventTypes,
        ),
        publisher: bus,
        log: inventoryLog,
        secrets,
      }),
      ProvisioningModule.register({
        ports: {
          sessions: sessionStoreCountingDecisions(sessionStore, provisioningMetrics),
          progress: new InMemorySessionProgressStore(),
          marker,
          tasks,
          devices: openedDevices,
          inventory: inventoryWrites,
          events: publisherCountingOutcomes(bus, provisioningMetrics),
          presets,
          subscribers: subscriberLookup(subscribers, config.ossSubscribers, provisioningLog),
          connectionRequestCredentials: derivedConnectionRequestCredentials(secrets.keyring),
          log: provisioningLog,
        },
        consumer: observedConsumer(
          new InProcessEventConsumer(bus),
          provisioningMetrics.consumer,
          sessionEventTypes,
        ),
        settings: config.provisioning,
      }),
      NbiModule.forRoot({
        // No SIEM reads the in-process bus; an observer in this process may (acs.audit). Faults
        // operators clear are counted with those provisioning clears.
        auditEvents: publisherCountingOutcomes(bus, provisioningMetrics),
        stores: {
          ...nbiStores,
          devices,
          inventory: inventoryWrites,
          tasks,
          provisioning: { ...provisioningStores, subscribers },
        },
        // A change made here is seen by the next session at once, not after the cache's time.
        onProvisioningChange: async (change) => {
          presets.invalidate();
          await waves.changed(change);
        },
        connectionRequests: wakeUp,
        oidc: config.oidc,
        limits: config.nbiLimits,
        quirkProfiles: config.provisioning.quirkProfiles,
        secretKeyring: secrets.keyring,
        firmware: {
          ...firmwareStores,
          maxImageBytes: config.firmwareMaxImageBytes,
          events: new FirmwareEventPublisher(bus),
          log: provisioningLog,
          backups: firmware.backups,
        },
      }),
    ],
  })
  class AcsModule implements OnApplicationBootstrap, OnApplicationShutdown {
    /** The STUN server, when STUN_PORT is set. */
    async onApplicationBootstrap(): Promise<void> {
      await connectionRequests.start();
      await firmware.start();
    }

    /** After every module stopped (gateway drained, inventory consumer stopped): close the stores. */
    async onApplicationShutdown(): Promise<void> {
      await close();
    }
  }
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    cpeAuth.stop();
    await waves.stop();
    await firmware.stop();
    await connectionRequests.stop();
    await sessionStore.shutdown();
    await bus.shutdown();
    await openedNbiStores.close();
    await openedProvisioningStores.close();
    await firmwareStores.close();
    await deviceStore.close();
  };
  return {
    module: { module: AcsModule },
    nbiStores,
    nbiMetrics,
    deviceStore,
    provisioningStores,
    firmware,
    bus,
    secrets,
    close,
  };
}
