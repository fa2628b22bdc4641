import type { Admin, Producer } from 'kafkajs';
import {
  TOPICS,
  validateDeviceLifecycleEvent,
  type DeviceLifecycleEvent,
  type SessionEvent,
} from '@acs/contracts';
import type { DeviceStore, EmbeddedDeviceStore, StoredDevice } from '@acs/device-store';
import {
  DEFAULT_PUBLISHER_OPTIONS,
  KafkaEventPublisher,
  PipelinedKafkaConsumer,
  type EventPublisher,
} from '@acs/event-bus';
import { SimulatedCpe } from '@acs/inventory-testing';
import { FAST_CONSUMER_TIMINGS, useKafkaCluster, waitFor } from '@acs/testing';
import { Inventory } from './inventory';
import { recordingLog, temporaryStore, testSecrets } from './test-support/harness';

const DEVICES = 12;

/**
 * Inventory through a real Kafka cluster, with consumer groups and committed offsets, under the
 * suite's own topic and group prefix (KAFKA_NAME_PREFIX, as the service takes it). The topic holds the first sessions of twelve devices; each test reads it
 * with groups of its own into a store of its own.
 */
describe('inventory consuming cwmp.session-events from Kafka', () => {
  const kafka = useKafkaCluster({ topics: { [TOPICS.sessionEvents]: 3, [TOPICS.events]: 3 } });
  let admin: Admin;
  const produced: SessionEvent[] = [];
  const running: Inventory[] = [];
  const stores: Array<{ cleanup: () => Promise<void> }> = [];

  beforeAll(async () => {
    for (let i = 0; i < DEVICES; i++) {
      const cpe = new SimulatedCpe(i % 2 ? 'tr098' : 'tr181', `K${String(i).padStart(6, '0')}`);
      const root = i % 2 ? 'InternetGatewayDevice.' : 'Device.';
      produced.push(
        cpe.inform(),
        cpe.later(1).answer({ type: 'GetParameterValues', parameterNames: [`${root}DeviceInfo.`] }),
        cpe.closed(),
      );
    }
    const producer: Producer = kafka.client('gateway').producer({ idempotent: true });
    await producer.connect();
    await producer.send({
      topic: kafka.topic(TOPICS.sessionEvents),
      acks: -1,
      messages: produced.map((event) => ({ key: event.deviceId, value: JSON.stringify(event) })),
    });
    await producer.disconnect();
    admin = kafka.client('admin').admin();
    await admin.connect();
  }, 60_000);
  afterEach(async () => {
    await Promise.allSettled(running.splice(0).map((inventory) => inventory.stop()));
    await Promise.allSettled(stores.splice(0).map((store) => store.cleanup()));
  }, 60_000);
  afterAll(() => admin.disconnect(), 60_000);

  function freshStore(): EmbeddedDeviceStore {
    const created = temporaryStore();
    stores.push(created);
    return created.store;
  }

  /** Starts inventory on its own group; `published` collects what it announced. */
  async function startInventory(
    groupId: string,
    deviceStore: DeviceStore,
    published: DeviceLifecycleEvent[] = [],
  ): Promise<Inventory> {
    const client = kafka.client(groupId);
    const kafkaPublisher = new KafkaEventPublisher(() => client.producer({ idempotent: true }), {
      ...DEFAULT_PUBLISHER_OPTIONS,
      namePrefix: kafka.prefix,
    });
    await kafkaPublisher.connect();
    const publisher: EventPublisher = {
      publish: async (message) => {
        await kafkaPublisher.publish(message);
        published.push(JSON.parse(message.value) as DeviceLifecycleEvent);
      },
      shutdown: () => kafkaPublisher.shutdown(),
    };
    const inventory = new Inventory({
      secrets: testSecrets(),
      deviceStore,
      // As the inventory service consumes: one write at a time, of everything taken meanwhile.
      consumer: new PipelinedKafkaConsumer(client, {
        groupId,
        ordering: 'total',
        maxBatchSize: 10,
        maxInFlight: 20,
        consumerConfig: FAST_CONSUMER_TIMINGS,
        namePrefix: kafka.prefix,
      }),
      publisher,
      log: recordingLog(),
    });
    running.push(inventory);
    await inventory.start();
    return inventory;
  }

  async function committedTotal(groupId: string): Promise<number> {
    const [offsets] = await admin.fetchOffsets({
      groupId: kafka.group(groupId),
      topics: [kafka.topic(TOPICS.sessionEvents)],
    });
    return (offsets?.partitions ?? []).reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
  }

  const allConsumed = (groupId: string) =>
    waitFor(
      async () => (await committedTotal(groupId)) === produced.length,
      `${groupId} committed every event`,
      40_000,
    );

  async function devicesIn(store: DeviceStore): Promise<StoredDevice[]> {
    return (await store.find({ filter: {}, limit: 100, sort: { deviceId: 1 } })).devices;
  }

  /** Reads acs.events from the start until `atLeast` events came. */
  async function lifecycleEvents(
    groupId: string,
    atLeast: number,
  ): Promise<DeviceLifecycleEvent[]> {
    const consumer = kafka
      .client(groupId)
      .consumer({ groupId: kafka.group(groupId), ...FAST_CONSUMER_TIMINGS });
    const events: DeviceLifecycleEvent[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topic: kafka.topic(TOPICS.events), fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          const checked = validateDeviceLifecycleEvent(JSON.parse(`${message.value}`));
          if (!checked.ok) throw new Error(checked.errors.join('; '));
          events.push(checked.value);
        },
      });
      await waitFor(() => events.length >= atLeast, `${atLeast} lifecycle events`, 40_000);
    } finally {
      await consumer.disconnect();
    }
    return events;
  }

  it('stores every device of the topic, in batches, and announces each', async () => {
    const store = freshStore();
    await startInventory('inventory', store);
    await allConsumed('inventory');

    const devices = await devicesIn(store);
    expect(devices).toHaveLength(DEVICES);
    expect(devices.filter((d) => d.dataModelRoot === 'InternetGatewayDevice.')).toHaveLength(
      DEVICES / 2,
    );
    for (const device of devices)
      expect((await store.recentEvents(device.deviceId, 10)).map((e) => e.kind)).toEqual([
        'session-closed',
        'rpc-result',
        'inform',
      ]);

    const events = await lifecycleEvents('oss-1', DEVICES * 4);
    expect(events.filter((e) => e.type === 'DeviceRegistered')).toHaveLength(DEVICES);
  }, 120_000);

  it('changes nothing when every event is delivered again', async () => {
    const store = freshStore();
    const announced: DeviceLifecycleEvent[] = [];
    const first = await startInventory('inventory-first', store, announced);
    await allConsumed('inventory-first');
    await first.stop();
    const before = await devicesIn(store);
    expect(announced).toHaveLength(DEVICES * 4);

    // A group of its own reads the topic from the start: the replay a crash before commit causes.
    const announcedAgain: DeviceLifecycleEvent[] = [];
    await startInventory('inventory-again', store, announcedAgain);
    await allConsumed('inventory-again');
    expect(await devicesIn(store)).toEqual(before);
    // Whatever is announced again is the same event with the same id: nothing new for a
    // consumer that deduplicates by id.
    expect(announcedAgain).toHaveLength(announced.length);
    const firstById = new Map(announced.map((event) => [event.eventId, event]));
    for (const event of announcedAgain) expect(event).toEqual(firstById.get(event.eventId));
  }, 120_000);

  it('commits offsets only after the store write', async () => {
    const store = freshStore();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let writing = false;
    const slowStore: DeviceStore = Object.assign(Object.create(store) as DeviceStore, {
      applyBatch: async (updates: Parameters<DeviceStore['applyBatch']>[0]) => {
        writing = true;
        await gate;
        return store.applyBatch(updates);
      },
    });
    try {
      await startInventory('inventory-slow', slowStore);
      await waitFor(() => writing, 'a batch being written', 40_000);
      // Long enough for an eager commit to land: many heartbeats of the group.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(await committedTotal('inventory-slow')).toBe(0);
    } finally {
      release();
    }
    await allConsumed('inventory-slow');
    expect(await devicesIn(store)).toHaveLength(DEVICES);
  }, 120_000);
});
