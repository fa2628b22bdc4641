/**
 * Bytes the gateways write to cwmp.session-events per session, read back by a consumer of the
 * bench's own: the key and value of every record (what a broker stores before its own overhead
 * and replication). Kafka's disk and network per session follow from it: docs/sizing.md.
 */
import { kafkaClient, FAST_CONSUMER_TIMINGS } from '@acs/testing';
import type { Consumer } from 'kafkajs';

export interface TopicBytes {
  /** Records and their bytes seen so far. */
  totals(): { records: number; bytes: number };
  stop(): Promise<void>;
}

export async function countTopicBytes(brokers: string[], topic: string): Promise<TopicBytes> {
  const kafka = kafkaClient({ brokers }, 'bench-scale-out-bytes');
  const consumer: Consumer = kafka.consumer({
    groupId: `bench-scale-out-bytes-${process.pid}`,
    ...FAST_CONSUMER_TIMINGS,
  });
  const totals = { records: 0, bytes: 0 };
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: false });
  await consumer.run({
    eachBatch: async ({ batch }) => {
      for (const message of batch.messages) {
        totals.records++;
        totals.bytes += (message.key?.length ?? 0) + (message.value?.length ?? 0);
      }
    },
  });
  return { totals: () => ({ ...totals }), stop: () => consumer.disconnect() };
}
