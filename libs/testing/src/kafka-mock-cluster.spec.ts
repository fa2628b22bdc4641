import type { Consumer, Producer } from 'kafkajs';
import { FAST_CONSUMER_TIMINGS } from './kafka-client';
import { useKafkaMockCluster } from './jest-hooks';
import { waitFor, eventually } from './test-support/wait-for';

const TEST_TIMEOUT_MS = 60_000;
const API_PRODUCE = 0;
const NOT_LEADER_OR_FOLLOWER = 6;
const TOPIC_AUTHORIZATION_FAILED = 29;

interface Received {
  consumer: string;
  partition: number;
  value: string;
}

/** Disconnects everything a test opened, even when an assertion failed half-way. */
function cleanup(): { add<T extends Consumer | Producer>(client: T): T } {
  const clients: Array<Consumer | Producer> = [];
  afterEach(async () => {
    await Promise.allSettled(clients.splice(0).map((client) => client.disconnect()));
  });
  return {
    add: (client) => {
      clients.push(client);
      return client;
    },
  };
}

describe('Kafka mock cluster, 3 brokers', () => {
  const kafka = useKafkaMockCluster({ brokers: 3, topics: { orders: 3, events: 4 } });
  const clients = cleanup();

  it('advertises one bootstrap address per broker', () => {
    expect(kafka.brokers).toEqual([
      expect.stringMatching(/^127\.0\.0\.1:\d+$/),
      expect.stringMatching(/^127\.0\.0\.1:\d+$/),
      expect.stringMatching(/^127\.0\.0\.1:\d+$/),
    ]);
  });

  it(
    'acknowledges sends with acks -1 and delivers every message to a consumer',
    async () => {
      const client = kafka.client('acks-all');
      const producer = clients.add(client.producer({ idempotent: false }));
      await producer.connect();
      const values = Array.from({ length: 30 }, (_, i) => `order-${i}`);
      for (const value of values) {
        const [meta] = await producer.send({ topic: 'orders', acks: -1, messages: [{ value }] });
        expect(meta?.errorCode).toBe(0);
      }

      const consumer = clients.add(
        client.consumer({ groupId: 'acks-all', ...FAST_CONSUMER_TIMINGS }),
      );
      const received: string[] = [];
      await consumer.connect();
      await consumer.subscribe({ topic: 'orders', fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => void received.push(`${message.value}`),
      });
      await waitFor(() => received.length >= values.length, 'all orders consumed');
      expect(received.sort()).toEqual([...values].sort());
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'splits partitions across a group of two after a rebalance, consumes each message once, and commits offsets',
    async () => {
      const groupId = 'event-workers';
      const client = kafka.client('group');
      const producer = clients.add(client.producer({ idempotent: false }));
      await producer.connect();
      const produce = async (prefix: string): Promise<string[]> => {
        const values = Array.from({ length: 8 }, (_, i) => `${prefix}-${i}`);
        // Explicit partitions so that every partition, hence both members, gets messages.
        for (const [i, value] of values.entries()) {
          await producer.send({
            topic: 'events',
            acks: -1,
            messages: [{ value, partition: i % 4 }],
          });
        }
        return values;
      };

      const received: Received[] = [];
      const assignment = new Map<string, number[]>();
      const committed = new Map<number, number>();
      const startMember = async (name: string): Promise<Consumer> => {
        const consumer = clients.add(client.consumer({ groupId, ...FAST_CONSUMER_TIMINGS }));
        consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
          assignment.set(name, payload.memberAssignment['events'] ?? []);
        });
        consumer.on(consumer.events.COMMIT_OFFSETS, ({ payload }) => {
          for (const { partition, offset } of payload.topics.flatMap((t) => t.partitions)) {
            committed.set(Number(partition), Number(offset));
          }
        });
        await consumer.connect();
        await consumer.subscribe({ topic: 'events', fromBeginning: true });
        await consumer.run({
          eachMessage: async ({ partition, message }) =>
            void received.push({ consumer: name, partition, value: `${message.value}` }),
        });
        return consumer;
      };
      const committedTotal = (): number => [...committed.values()].reduce((a, b) => a + b, 0);

      const first = await startMember('first');
      const firstBatch = await produce('before-join');
      await waitFor(() => received.length >= 8, 'first member consumed the first batch');
      // Committed before the second member joins, so the rebalance redelivers nothing.
      await waitFor(() => committedTotal() === 8, 'first batch committed');

      const second = await startMember('second');
      // Each member reports its own join; until the first one has rejoined, it still shows the
      // partitions it held alone. Wait for the split, not just for both members to hold some.
      const split = () => {
        const held = [assignment.get('first') ?? [], assignment.get('second') ?? []];
        return held.every((partitions) => partitions.length > 0) && held.flat().length === 4;
      };
      await waitFor(split, 'both members hold partitions after the rebalance');
      const firstPartitions = assignment.get('first') ?? [];
      const secondPartitions = assignment.get('second') ?? [];
      expect([...firstPartitions, ...secondPartitions].sort()).toEqual([0, 1, 2, 3]);

      const secondBatch = await produce('after-join');
      await waitFor(() => received.length >= 16, 'second batch consumed');
      await waitFor(() => committedTotal() === 16, 'second batch committed');
      await Promise.all([first.disconnect(), second.disconnect()]);

      expect(received.map((r) => r.value).sort()).toEqual([...firstBatch, ...secondBatch].sort());
      for (const name of ['first', 'second']) {
        const own = received.filter((r) => r.consumer === name && r.value.startsWith('after-join'));
        expect(own.length).toBeGreaterThan(0);
        expect(own.every((r) => assignment.get(name)?.includes(r.partition))).toBe(true);
      }

      // Read the committed offsets back from the group coordinator.
      const admin = client.admin();
      await admin.connect();
      try {
        const [offsets] = await admin.fetchOffsets({ groupId, topics: ['events'] });
        const byPartition = offsets?.partitions.map(({ partition, offset }) => [partition, offset]);
        expect(byPartition?.sort()).toEqual([
          [0, '4'],
          [1, '4'],
          [2, '4'],
          [3, '4'],
        ]);
      } finally {
        await admin.disconnect();
      }
    },
    TEST_TIMEOUT_MS,
  );

  it('rejects a command the mock refuses', async () => {
    await expect(kafka.cluster.brokerDown(99)).rejects.toThrow(/"down 99" failed: ERR/);
  });
});

describe('Kafka mock cluster, 1 broker, fault injection', () => {
  const kafka = useKafkaMockCluster({ brokers: 1, topics: { ledger: 2, audit: 1 } });
  const clients = cleanup();

  /** Few, short retries: a dead broker must fail a send in about a second. */
  const impatientProducer = (clientId: string): Producer =>
    clients.add(
      kafka
        .client(clientId, {
          requestTimeout: 1_000,
          retry: { retries: 2, initialRetryTime: 50, maxRetryTime: 200 },
        })
        .producer({ idempotent: false }),
    );

  it(
    'surfaces a send error while the broker is down, recovers when it is back, and loses no acknowledged message',
    async () => {
      const producer = impatientProducer('outage');
      await producer.connect();
      const acknowledged: string[] = [];
      const send = async (value: string): Promise<void> => {
        await producer.send({ topic: 'ledger', acks: -1, messages: [{ value }] });
        acknowledged.push(value);
      };
      for (let i = 0; i < 5; i++) await send(`before-${i}`);

      await kafka.cluster.brokerDown(1);
      await expect(send('during-outage')).rejects.toMatchObject({
        name: expect.stringMatching(/^KafkaJS/),
      });

      await kafka.cluster.brokerUp(1);
      await eventually(() => send('after-0'));
      for (let i = 1; i < 5; i++) await send(`after-${i}`);

      const consumer = clients.add(
        kafka.client('outage-reader').consumer({ groupId: 'outage', ...FAST_CONSUMER_TIMINGS }),
      );
      const received = new Set<string>();
      await consumer.connect();
      await consumer.subscribe({ topic: 'ledger', fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => void received.add(`${message.value}`),
      });
      await waitFor(
        () => acknowledged.every((value) => received.has(value)),
        'every acknowledged message consumed',
      );
      expect(acknowledged).toHaveLength(10);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'injects request errors: retriable ones are retried away, others reach the caller',
    async () => {
      const producer = impatientProducer('errors');
      await producer.connect();
      const send = (value: string): Promise<unknown> =>
        producer.send({ topic: 'audit', acks: -1, messages: [{ value }] });

      await kafka.cluster.pushRequestErrors(API_PRODUCE, [
        NOT_LEADER_OR_FOLLOWER,
        NOT_LEADER_OR_FOLLOWER,
      ]);
      await expect(send('retried')).resolves.toBeDefined();

      await kafka.cluster.pushRequestErrors(API_PRODUCE, [TOPIC_AUTHORIZATION_FAILED]);
      await expect(send('refused')).rejects.toMatchObject({ type: 'TOPIC_AUTHORIZATION_FAILED' });
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'delays responses by the configured round-trip time',
    async () => {
      const producer = impatientProducer('rtt');
      await producer.connect();
      const timeSend = async (): Promise<number> => {
        const started = Date.now();
        await producer.send({ topic: 'audit', acks: -1, messages: [{ value: 'x' }] });
        return Date.now() - started;
      };
      await kafka.cluster.setRtt(1, 400);
      try {
        expect(await timeSend()).toBeGreaterThanOrEqual(350);
      } finally {
        await kafka.cluster.setRtt(1, 0);
      }
      expect(await timeSend()).toBeLessThan(350);
    },
    TEST_TIMEOUT_MS,
  );
});
