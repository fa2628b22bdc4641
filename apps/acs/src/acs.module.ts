import { join } from 'path';
import { Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { InMemoryFailureCounterStore, InMemoryNonceCounterStore } from '@acs/cpe-auth';
import {
  cpeAuthenticatorFor,
  GatewayModule,
  type GatewayLogger,
  type GatewayPorts,
} from '@acs/cwmp-gateway';
import { EmbeddedDeviceStore } from '@acs/device-store';
import { InProcessEventBus, InProcessEventConsumer } from '@acs/event-bus';
import { InventoryModule, type InventoryLog } from '@acs/inventory';
import { NbiModule } from '@acs/nbi';
import { openEmbeddedNbiStores, type NbiStores } from '@acs/nbi-data-access';
import { InMemorySessionStore } from '@acs/session-store';
import type { AcsConfig } from './acs-config';
import { endSessionsWithoutWork } from './end-sessions-without-work';

export interface AcsParts {
  module: DynamicModule;
  nbiStores: NbiStores;
  deviceStore: EmbeddedDeviceStore;
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
): Promise<AcsParts> {
  const bus = new InProcessEventBus();
  const sessionStore = new InMemorySessionStore();
  const deviceStore = new EmbeddedDeviceStore({ directory: join(config.dataDir, 'devices') });
  const nbiStores = openEmbeddedNbiStores(join(config.dataDir, 'nbi'));
  endSessionsWithoutWork(bus, sessionStore);
  const gatewayPorts: GatewayPorts = {
    sessionStore,
    publisher: bus,
    // One process: a generated nonce secret is all it needs.
    authenticator: (
      await cpeAuthenticatorFor(config.gateway, {
        nonceCounters: new InMemoryNonceCounterStore(),
        failures: new InMemoryFailureCounterStore(),
      })
    ).authenticator,
    readiness: async () => ({}),
    logger,
  };
  @Module({
    imports: [
      GatewayModule.forRoot({
        config: { ...config.gateway, podId: config.gateway.podId ?? 'acs' },
        ports: gatewayPorts,
      }),
      InventoryModule.register({
        deviceStore,
        consumer: new InProcessEventConsumer(bus),
        publisher: bus,
        log: inventoryLog,
      }),
      NbiModule.forRoot({ stores: { devices: deviceStore, ...nbiStores } }),
    ],
  })
  class AcsModule implements OnApplicationShutdown {
    /** After every module stopped (gateway drained, inventory consumer stopped): close the stores. */
    async onApplicationShutdown(): Promise<void> {
      await close();
    }
  }
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await sessionStore.shutdown();
    await bus.shutdown();
    await nbiStores.close();
    await deviceStore.close();
  };
  return { module: { module: AcsModule }, nbiStores, deviceStore, close };
}
