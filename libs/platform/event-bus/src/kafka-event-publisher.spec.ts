import type { Consumer, Producer } from 'kafkajs';
import { FAST_CONSUMER_TIMINGS, useKafkaMockCluster } from '@acs/testing';
import { PublishError } from './event-publisher';
import { KafkaEventPublisher } from './kafka-event-publisher';

const TOPIC = 'cwmp.session-events';

async function consumeAll(
  consumer: Consumer,
  count: number,
  timeoutMs = 20_000,
): Promise<{ key: string; value: string }[]> {
  const received: { key: string; value: string }[] = [];
  await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
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
  const kafka = useKafkaMockCluster({ brokers: 3, topics: { [TOPIC]: 6 } });
  const open: Array<Producer | Consumer> = [];
  afterEach(async () => {
    await Promise.allSettled(open.splice(0).map((client) => client.disconnect()));
  });

  it('resolves once the broker acknowledged, with messages keyed by device', async () => {
    const producer = kafka.client('gw').producer({ idempotent: false });
    open.push(producer);
    await producer.connect();
    const publisher = new KafkaEventPublisher(producer);
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
      .consumer({ groupId: 'reader', ...FAST_CONSUMER_TIMINGS });
    open.push(consumer);
    await consumer.connect();
    const received = await consumeAll(consumer, 20);
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
    const producer = kafka.client('gw-batch').producer({ idempotent: false });
    open.push(producer);
    await producer.connect();
    let requests = 0;
    const counting = new Proxy(producer, {
      get(target, property, receiver) {
        if (property === 'sendBatch') requests++;
        return Reflect.get(target, property, receiver) as unknown;
      },
    });
    const publisher = new KafkaEventPublisher(counting, { lingerMs: 2, maxBatch: 500 });
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

describe('Kafka event publisher when the broker is down', () => {
  const kafka = useKafkaMockCluster({ brokers: 1, topics: { [TOPIC]: 1 } });

  it('rejects instead of pretending, then recovers without losing acknowledged messages', async () => {
    const producer = kafka
      .client('gw-outage', {
        retry: { retries: 1, initialRetryTime: 50, maxRetryTime: 200 },
        requestTimeout: 1_000,
      })
      .producer({ idempotent: false });
    await producer.connect();
    const publisher = new KafkaEventPublisher(producer);
    await publisher.publish({ topic: TOPIC, key: 'd', value: 'before' });

    await kafka.cluster.brokerDown(1);
    await expect(
      publisher.publish({ topic: TOPIC, key: 'd', value: 'during' }),
    ).rejects.toBeInstanceOf(PublishError);
    await kafka.cluster.brokerUp(1);

    const deadline = Date.now() + 20_000;
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
      .consumer({ groupId: 'reader-outage', ...FAST_CONSUMER_TIMINGS });
    await consumer.connect();
    const values = (await consumeAll(consumer, 2)).map((m) => m.value);
    expect(values).toContain('before');
    expect(values).toContain('after');
    await consumer.disconnect();
    await publisher.shutdown();
    await producer.disconnect();
  }, 90_000);
});
