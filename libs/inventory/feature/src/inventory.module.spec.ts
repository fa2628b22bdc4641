import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { TOPICS } from '@acs/contracts';
import type { EmbeddedDeviceStore } from '@acs/device-store';
import { InProcessEventBus, InProcessEventConsumer, MessageNotConsumedError } from '@acs/event-bus';
import { SimulatedCpe } from '@acs/inventory-testing';
import { Inventory } from './inventory';
import { InventoryModule } from './inventory.module';
import {
  PublishedLifecycle,
  recordingLog,
  temporaryStore,
  testSecrets,
} from './test-support/harness';

describe('InventoryModule', () => {
  let store: EmbeddedDeviceStore;
  let cleanup: () => Promise<void>;
  beforeEach(() => ({ store, cleanup } = temporaryStore()));
  afterEach(() => cleanup());

  it('consumes session events from the moment the app starts until it closes', async () => {
    const bus = new InProcessEventBus();
    const published = new PublishedLifecycle(bus);
    const now = new Date('2026-03-01T08:00:00.000Z');
    const app = await NestFactory.createApplicationContext(
      InventoryModule.register({
        deviceStore: store,
        consumer: new InProcessEventConsumer(bus),
        publisher: bus,
        settings: { sweepIntervalMs: 3_600_000 },
        log: recordingLog(),
        clock: () => now,
        secrets: testSecrets(),
      }),
      { logger: false },
    );
    await app.init();

    const cpe = new SimulatedCpe('tr181', 'SIM000001');
    const inform = cpe.inform();
    // In process, the publish resolves once inventory has stored the event.
    await bus.publish({
      topic: TOPICS.sessionEvents,
      key: inform.deviceId,
      value: JSON.stringify(inform),
    });
    expect(await store.get(cpe.deviceId)).toMatchObject({
      serialNumber: 'SIM000001',
      online: true,
    });
    expect(published.types()).toContain('DeviceRegistered');

    now.setTime(Date.parse('2026-03-10T00:00:00.000Z'));
    expect(await app.get(Inventory).sweep.runOnce()).toBe(1);

    await app.close();
    const after = cpe.later(60).inform();
    await expect(
      bus.publish({
        topic: TOPICS.sessionEvents,
        key: after.deviceId,
        value: JSON.stringify(after),
      }),
    ).rejects.toBeInstanceOf(MessageNotConsumedError);
  });

  it('takes its ports from the app’s own providers', async () => {
    const bus = new InProcessEventBus();
    const BUS = Symbol('bus');
    const app = await NestFactory.createApplicationContext(
      InventoryModule.registerAsync({
        imports: [
          {
            module: class PortsModule {},
            providers: [{ provide: BUS, useValue: bus }],
            exports: [BUS],
          },
        ],
        inject: [BUS],
        useFactory: (shared) => ({
          deviceStore: store,
          consumer: new InProcessEventConsumer(shared as InProcessEventBus),
          publisher: shared as InProcessEventBus,
          log: recordingLog(),
          secrets: testSecrets(),
        }),
      }),
      { logger: false },
    );
    await app.init();
    const inform = new SimulatedCpe('tr098', 'IGD000001').inform();
    await bus.publish({
      topic: TOPICS.sessionEvents,
      key: inform.deviceId,
      value: JSON.stringify(inform),
    });
    expect(await store.get(inform.deviceId)).toMatchObject({
      dataModelRoot: 'InternetGatewayDevice.',
    });
    await app.close();
  });
});
