import type { Consumer, Producer } from 'kafkajs';
import { FAST_CONSUMER_TIMINGS } from '../kafka-client';
import { waitFor } from '../test-support/wait-for';
import { useDedicatedKafkaCluster, useKafkaCluster } from './kafka-fixtures';

const TEST_TIMEOUT_MS = 120_000;
/** TOPIC_CONFIG resource type of DescribeConfigs. */
const TOPIC_RESOURCE = 2;

function disconnectAfterEach(): <T extends Consumer | Producer>(client: T) => T {
  const clients: Array<Consumer | Producer> = [];
  afterEach(async () => {
    await Promise.allSettled(clients.splice(0).map((client) => client.disconnect()));
  });
  return (client) => {
    clients.push(client);
    return client;
  };
}

async function consumeAll(consumer: Consumer, topic: string, count: number): Promise<string[]> {
  const received: string[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => void received.push(`${message.value}`),
  });
  await waitFor(() => received.length >= count, `${count} messages of ${topic} consumed`, 60_000);
  return received;
}

describe('Apache Kafka cluster, 3 brokers in KRaft mode', () => {
  const kafka = useDedicatedKafkaCluster({ topics: { orders: 4 } });
  const track = disconnectAfterEach();

  it('runs three brokers, and topics made through the admin API replicate 3 ways with min.insync.replicas 2', async () => {
    const admin = kafka.client('admin').admin();
    await admin.connect();
    try {
      const { brokers } = await admin.describeCluster();
      expect(brokers.map(({ nodeId }) => nodeId).sort()).toEqual([1, 2, 3]);
      const [topic] = (await admin.fetchTopicMetadata({ topics: [kafka.topic('orders')] })).topics;
      expect(topic?.partitions).toHaveLength(4);
      for (const partition of topic?.partitions ?? []) {
        expect(partition.replicas).toHaveLength(3);
        expect(partition.isr).toHaveLength(3);
      }
      const { resources } = await admin.describeConfigs({
        resources: [{ type: TOPIC_RESOURCE, name: kafka.topic('orders') }],
        includeSynonyms: false,
      });
      const minIsr = resources[0]?.configEntries.find(
        (e) => e.configName === 'min.insync.replicas',
      );
      expect(minIsr?.configValue).toBe('2');
    } finally {
      await admin.disconnect();
    }
    expect(kafka.description).toBe(
      `kafka: apache-kafka ${kafka.version}, brokers 3, replication 3, min.insync 2`,
    );
  });

  it(
    'keeps every acknowledged message when the partition leader is SIGKILLed, and the leader moves',
    async () => {
      const topic = kafka.topic('orders');
      const producer = track(kafka.client('leader-kill').producer({ idempotent: true }));
      await producer.connect();
      const before = Array.from({ length: 40 }, (_, i) => `before-${i}`);
      await producer.send({
        topic,
        acks: -1,
        messages: before.map((value) => ({ key: 'k', value })),
      });
      const [meta] = await producer.send({
        topic,
        acks: -1,
        messages: [{ key: 'k', value: 'probe' }],
      });
      const partition = meta?.partition ?? -1;
      const leader = await kafka.cluster.leaderOf(topic, partition);

      await kafka.cluster.killBroker(leader);
      expect(kafka.cluster.isRunning(leader)).toBe(false);
      await waitFor(
        async () => (await kafka.cluster.leaderOf(topic, partition).catch(() => leader)) !== leader,
        `leadership of ${topic}/${partition} moved off broker ${leader}`,
        60_000,
      );
      // The idempotent producer retries onto the new leader.
      const after = Array.from({ length: 10 }, (_, i) => `after-${i}`);
      await producer.send({
        topic,
        acks: -1,
        messages: after.map((value) => ({ key: 'k', value })),
      });

      const consumer = track(
        kafka
          .client('leader-kill')
          .consumer({ groupId: kafka.group('leader-kill'), ...FAST_CONSUMER_TIMINGS }),
      );
      const received = await consumeAll(consumer, topic, before.length + 1 + after.length);
      expect(received).toEqual([...before, 'probe', ...after]);

      await kafka.cluster.startBroker(leader);
      await kafka.cluster.waitForFullIsr(topic);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'refuses acks=all writes while only one replica is in sync, and takes them again once a broker returns',
    async () => {
      const topic = kafka.topic('orders');
      const producer = track(
        kafka
          .client('min-isr', { retry: { retries: 0 } })
          .producer({ idempotent: false, retry: { retries: 0 } }),
      );
      await producer.connect();
      const [meta] = await producer.send({
        topic,
        acks: -1,
        messages: [{ key: 'x', value: 'ok' }],
      });
      const partition = meta?.partition ?? 0;
      const leader = await kafka.cluster.leaderOf(topic, partition);
      const others = kafka.cluster.brokerIds.filter((id) => id !== leader);
      for (const id of others) await kafka.cluster.stopBroker(id);

      let refusal = '';
      await waitFor(
        async () => {
          try {
            await producer.send({ topic, acks: -1, messages: [{ key: 'x', value: 'refused?' }] });
            return false;
          } catch (error) {
            refusal = (error as Error).message;
            return /fewer in-sync replicas/i.test(refusal);
          }
        },
        'a write refused for lack of in-sync replicas',
        60_000,
      );
      expect(refusal).toMatch(/fewer in-sync replicas than required/i);

      await kafka.cluster.startBroker(others[0] as number);
      await waitFor(
        async () =>
          producer
            .send({ topic, acks: -1, messages: [{ key: 'x', value: 'accepted again' }] })
            .then(() => true)
            .catch(() => false),
        'acks=all writes accepted again',
        60_000,
      );
      await kafka.cluster.startBroker(others[1] as number);
      await kafka.cluster.waitForFullIsr(topic);
    },
    TEST_TIMEOUT_MS,
  );
});

describe('the run-wide Kafka cluster, shared by suites under prefixes', () => {
  const kafka = useKafkaCluster({ topics: { events: 2 } });
  const track = disconnectAfterEach();

  it(
    'gives the suite topics and groups of its own prefix',
    async () => {
      expect(kafka.prefix).toMatch(/^t[0-9a-f]{8}\.$/);
      expect(kafka.topic('events')).toBe(`${kafka.prefix}events`);
      expect(kafka.env).toEqual({
        KAFKA_BROKERS: kafka.brokers.join(','),
        KAFKA_NAME_PREFIX: kafka.prefix,
      });
      const producer = track(kafka.client('shared').producer({ idempotent: true }));
      await producer.connect();
      await producer.send({ topic: kafka.topic('events'), acks: -1, messages: [{ value: 'one' }] });
      const consumer = track(
        kafka.client('shared').consumer({ groupId: kafka.group('g'), ...FAST_CONSUMER_TIMINGS }),
      );
      expect(await consumeAll(consumer, kafka.topic('events'), 1)).toEqual(['one']);
    },
    TEST_TIMEOUT_MS,
  );
});
