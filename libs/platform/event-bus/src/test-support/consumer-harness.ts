import type { Admin, Producer } from 'kafkajs';
import type { SuiteKafka } from '@acs/testing';
import type { ConsumedMessage, EventConsumer } from '../event-consumer';

/**
 * What the consumer specs share: a producer and an admin on the suite's Kafka, the consumers a
 * test started (stopped after it), and readings of what a group committed. Topic and group names
 * are the logical ones; the suite's prefix is put before them here and in the consumers.
 */
export function useConsumerHarness(kafka: SuiteKafka) {
  let producer: Producer;
  let admin: Admin;
  const started: EventConsumer[] = [];

  beforeAll(async () => {
    producer = kafka.client('producer').producer({ idempotent: true });
    await producer.connect();
    admin = kafka.client('admin').admin();
    await admin.connect();
  }, 60_000);
  afterEach(async () => {
    await Promise.allSettled(started.splice(0).map((consumer) => consumer.stop()));
  }, 60_000);
  afterAll(async () => {
    await producer.disconnect();
    await admin.disconnect();
  }, 60_000);

  return {
    /** Sends to the suite's `topic`. */
    send: (topic: string, messages: { key: string; value: string }[]) =>
      producer.send({ topic: kafka.topic(topic), acks: -1, messages }),
    /** Stops `consumer` after the test. */
    track<T extends EventConsumer>(consumer: T): T {
      started.push(consumer);
      return consumer;
    },
    /** The group's committed offset on partition 0 (-1 when none). */
    async committed(groupId: string, topic: string): Promise<number> {
      const [offsets] = await admin.fetchOffsets({
        groupId: kafka.group(groupId),
        topics: [kafka.topic(topic)],
      });
      return Number(offsets?.partitions[0]?.offset ?? -1);
    },
  };
}

/** The `seq` every spec message carries in its JSON value. */
export const seqOf = (message: ConsumedMessage): number =>
  (JSON.parse(message.value ?? '{}') as { seq: number }).seq;
