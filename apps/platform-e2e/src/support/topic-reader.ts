import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { eventually, FAST_CONSUMER_TIMINGS, waitFor } from '@acs/testing';

export interface TopicRecord {
  partition: number;
  offset: string;
  key: string | null;
  value: string;
}

/**
 * Everything on `topic` now, read back from the start by a consumer group of its own, up to the
 * end offsets taken when the read began (as an OSS would audit what the platform published).
 */
export async function readWholeTopic(kafka: Kafka, topic: string): Promise<TopicRecord[]> {
  const admin = kafka.admin();
  await admin.connect();
  // Right after a broker came back, a partition may still be electing its leader: ask again.
  const offsets = await eventually(() => admin.fetchTopicOffsets(topic), 60_000).finally(() =>
    admin.disconnect(),
  );
  const ends = new Map(offsets.map((end) => [end.partition, BigInt(end.high)]));
  const records: TopicRecord[] = [];
  const reached = new Map<number, bigint>();
  const done = () =>
    [...ends].every(
      ([partition, high]) => high === 0n || (reached.get(partition) ?? -1n) >= high - 1n,
    );
  const consumer = kafka.consumer({ groupId: `audit-${randomUUID()}`, ...FAST_CONSUMER_TIMINGS });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        const offset = BigInt(message.offset);
        if (offset >= (ends.get(partition) ?? 0n)) return;
        records.push({
          partition,
          offset: message.offset,
          key: message.key?.toString() ?? null,
          value: message.value?.toString() ?? '',
        });
        reached.set(partition, offset);
      },
    });
    await waitFor(done, `${topic} read to its end`, 120_000);
  } finally {
    await consumer.disconnect();
  }
  return records;
}
