import type { Consumer, Producer } from 'kafkajs';
import { FAST_CONSUMER_TIMINGS, useDedicatedKafkaCluster, useKafkaCluster } from '@acs/testing';
import { PublishError } from './event-publisher';
import { DEFAULT_PUBLISHER_OPTIONS, KafkaEventPublisher } from './kafka-event-publisher';

const TOPIC = 'cwmp.session-events';

async function consumeAll(
  consumer: Consumer,
  topic: string,
  count: number,
  timeoutMs = 20_000,
): Promise<{ key: string; value: string }[]> {
  const received: { key: string; value: string }[] = [];
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) =>
      void received.push({ key: `${message.key}`, value: `${message.value}` }),
  });
  const deadline = Date.now() + timeoutMs;
  while (received.length < count && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 50));
  return received;
}

describe('Kafka event publisher', () => {
  const kafka = useKafkaCluster({ topics: { [TOPIC]: 6 } });
  const open: Array<Producer | Consumer> = [];
  afterEach(async () => {
    await Promise.allSettled(open.splice(0).map((client) => client.disconnect()));
  });

  it('resolves once the broker acknowledged, with messages keyed by device', async () => {
    // Logical topic names: the publisher puts the deployment's prefix before them.
    const publisher = new KafkaEventPublisher(
      () => kafka.client('gw').producer({ idempotent: true }),
      {
        ...DEFAULT_PUBLISHER_OPTIONS,
        namePrefix: kafka.prefix,
      },
    );
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        publisher.publish({
          topic: TOPIC,
          key: `device-${i % 4}`,
          value: JSON.stringify({ seq: i }),
        }),
      ),
    );
    const consumer = kafka
      .client('reader')
      .consumer({ groupId: kafka.group('reader'), ...FAST_CONSUMER_TIMINGS });
    open.push(consumer);
    await consumer.connect();
    const received = await consumeAll(consumer, kafka.topic(TOPIC), 20);
    expect(received).toHaveLength(20);
    // Per key, in publish order.
    for (const key of ['device-0', 'device-1', 'device-2', 'device-3']) {
      const seqs = received
        .filter((m) => m.key === key)
        .map((m) => (JSON.parse(m.value) as { seq: number }).seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      expect(seqs).toHaveLength(5);
    }
    await publisher.shutdown();
  }, 60_000);

  it('coalesces concurrent publishes into few produce requests', async () => {
    const producer = kafka.client('gw-batch').producer({ idempotent: true });
    open.push(producer);
    await producer.connect();
    let requests = 0;
    const counting = new Proxy(producer, {
      get(target, property, receiver) {
        if (property === 'sendBatch') requests++;
        return Reflect.get(target, property, receiver) as unknown;
      },
    });
    const publisher = new KafkaEventPublisher(() => counting, {
      lingerMs: 2,
      maxBatch: 500,
      namePrefix: kafka.prefix,
    });
    await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        publisher.publish({ topic: TOPIC, key: `d${i}`, value: '{}' }),
      ),
    );
    expect(requests).toBeGreaterThan(0);
    expect(requests).toBeLessThanOrEqual(10);
    await publisher.shutdown();
  }, 60_000);
});

describe('Kafka event publisher when the cluster cannot take writes', () => {
  const kafka = useDedicatedKafkaCluster({ topics: { [TOPIC]: 1 } });

  it('rejects while min.insync.replicas cannot be met, then recovers without losing acknowledged messages', async () => {
    const newProducer = () =>
      kafka
        .client('gw-outage', {
          retry: { retries: 1, initialRetryTime: 50, maxRetryTime: 200 },
          requestTimeout: 1_000,
        })
        .producer({ idempotent: true });
    const publisher = new KafkaEventPublisher(newProducer, {
      ...DEFAULT_PUBLISHER_OPTIONS,
      namePrefix: kafka.prefix,
    });
    await publisher.publish({ topic: TOPIC, key: 'd', value: 'before' });

    // Two of three replicas gone: acks from all in-sync replicas cannot mean two any more.
    const stopped = kafka.cluster.brokerIds.slice(1);
    for (const id of stopped) await kafka.cluster.stopBroker(id);
    await expect(
      publisher.publish({ topic: TOPIC, key: 'd', value: 'during' }),
    ).rejects.toBeInstanceOf(PublishError);
    for (const id of stopped) await kafka.cluster.startBroker(id);

    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        await publisher.publish({ topic: TOPIC, key: 'd', value: 'after' });
        break;
      } catch (error) {
        if (Date.now() > deadline) throw error;
      }
    }
    const consumer = kafka
      .client('reader-outage')
      .consumer({ groupId: kafka.group('reader-outage'), ...FAST_CONSUMER_TIMINGS });
    await consumer.connect();
    const values = (await consumeAll(consumer, kafka.topic(TOPIC), 2)).map((m) => m.value);
    expect(values).toContain('before');
    expect(values).toContain('after');
    await consumer.disconnect();
    await publisher.shutdown();
  }, 180_000);

  it('never acknowledges a message Kafka did not write: a publish written after its timeout does not swallow the next', async () => {
    const newProducer = () =>
      kafka
        .client('gw-late-ack', {
          retry: { retries: 1, initialRetryTime: 50, maxRetryTime: 200 },
          requestTimeout: 1_000,
        })
        .producer({ idempotent: true });
    const publisher = new KafkaEventPublisher(newProducer, {
      ...DEFAULT_PUBLISHER_OPTIONS,
      namePrefix: kafka.prefix,
    });
    const topic = kafka.topic(TOPIC);
    await kafka.cluster.waitForFullIsr(topic);
    await publisher.publish({ topic: TOPIC, key: 'd', value: 'first' });

    // A follower frozen: the leader writes the next message but acknowledges it only once the
    // follower has left the ISR (replica lag 5 s), after the client gave up on it (two tries of 1 s).
    const leader = await kafka.cluster.leaderOf(topic, 0);
    const follower = kafka.cluster.brokerIds.find((id) => id !== leader) as number;
    const pid = kafka.cluster.pidOf(follower) as number;
    process.kill(pid, 'SIGSTOP');
    try {
      await expect(
        publisher.publish({ topic: TOPIC, key: 'd', value: 'late' }),
      ).rejects.toBeInstanceOf(PublishError);
      // Once the follower is out of the ISR (5 s), the two replicas left take writes again.
      const deadline = Date.now() + 60_000;
      for (;;) {
        try {
          await publisher.publish({ topic: TOPIC, key: 'd', value: 'next' });
          break;
        } catch (error) {
          if (Date.now() > deadline) throw error;
        }
      }
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    const consumer = kafka
      .client('reader-late-ack')
      .consumer({ groupId: kafka.group('reader-late-ack'), ...FAST_CONSUMER_TIMINGS });
    await consumer.connect();
    const values = (await consumeAll(consumer, topic, 3)).map((m) => m.value);
    // Acknowledged, so on the topic (kafkajs reused the sequence number of the write it had given
    // up on, and the broker took 'next' for a duplicate of 'late': acknowledged, never written).
    expect(values).toContain('next');
    await consumer.disconnect();
    await publisher.shutdown();
  }, 180_000);
});
