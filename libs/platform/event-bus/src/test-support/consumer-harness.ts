import type { Admin, Producer } from 'kafkajs';
import type { useKafkaMockCluster } from '@acs/testing';
import type { ConsumedMessage, EventConsumer } from '../event-consumer';

type MockCluster = ReturnType<typeof useKafkaMockCluster>;

/**
 * What the consumer specs share: a producer and an admin on the mock cluster, the consumers a test
 * started (stopped after it), and readings of what a group committed.
 */
export function useConsumerHarness(kafka: MockCluster) {
  let producer: Producer;
  let admin: Admin;
  const started: EventConsumer[] = [];

  beforeAll(async () => {
    producer = kafka.client('producer').producer({ idempotent: false });
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
    producer: () => producer,
    /** Stops `consumer` after the test. */
    track<T extends EventConsumer>(consumer: T): T {
      started.push(consumer);
      return consumer;
    },
    /** The group's committed offset on partition 0 (-1 when none). */
    async committed(groupId: string, topic: string): Promise<number> {
      const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
      return Number(offsets?.partitions[0]?.offset ?? -1);
    },
  };
}

/** The `seq` every spec message carries in its JSON value. */
export const seqOf = (message: ConsumedMessage): number =>
  (JSON.parse(message.value ?? '{}') as { seq: number }).seq;
