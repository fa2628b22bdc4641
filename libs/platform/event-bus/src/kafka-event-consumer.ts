import type { Consumer, ConsumerConfig, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { consumed, nextOffset, subscribeWhenKnown, withHeartbeats } from './kafka-consumer-support';
import {
  BatchHandler,
  ConsumedMessage,
  ConsumerErrorListener,
  ConsumerStateError,
  EventConsumer,
  positiveInteger,
} from './event-consumer';

export interface KafkaConsumerOptions {
  groupId: string;
  /**
   * Most messages handed to the handler at once. A larger fetched batch is handled in parts, each
   * committed once handled, so a crash repeats at most one part.
   */
  maxBatchSize?: number;
  /** Where a new group starts: the oldest message (default) or only new ones. */
  fromBeginning?: boolean;
  /** Partitions handled at the same time (default 1); order within a partition always holds. */
  partitionsConsumedConcurrently?: number;
  /** kafkajs consumer settings (session timeout, heartbeat interval, fetch sizes, retry). */
  consumerConfig?: Omit<ConsumerConfig, 'groupId'>;
  /** Put before the topic and group names (KAFKA_NAME_PREFIX). */
  namePrefix?: string;
  onHandlerError?: ConsumerErrorListener;
}

/**
 * Consumes with kafkajs `eachBatch` in a consumer group, committing by hand: a part of a batch is
 * resolved and its offset committed only after the handler resolved. A handler that throws
 * leaves the offset where it was; kafkajs then fetches from there again (after its retry
 * back-off, or after restarting the consumer), so the same messages are delivered again. While
 * the handler runs, heartbeats keep the group membership alive.
 */
export class KafkaEventConsumer implements EventConsumer {
  private consumer: Consumer | undefined;
  private readonly maxBatchSize: number;

  constructor(
    private readonly kafka: Kafka,
    private readonly options: KafkaConsumerOptions,
  ) {
    this.maxBatchSize = positiveInteger('maxBatchSize', options.maxBatchSize ?? 500);
  }

  async start(topic: string, handler: BatchHandler): Promise<void> {
    if (this.consumer) throw new ConsumerStateError('consumer already started');
    const prefix = this.options.namePrefix ?? '';
    const consumer = this.kafka.consumer({
      ...this.options.consumerConfig,
      groupId: `${prefix}${this.options.groupId}`,
    });
    this.consumer = consumer;
    await consumer.connect();
    await subscribeWhenKnown(consumer, {
      topic: `${prefix}${topic}`,
      fromBeginning: this.options.fromBeginning ?? true,
    });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 1,
      eachBatch: (payload) => this.consume(payload, handler),
    });
  }

  async stop(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = undefined;
    // kafkajs waits for the batch in hand before leaving the group.
    await consumer?.disconnect();
  }

  private async consume(payload: EachBatchPayload, handler: BatchHandler): Promise<void> {
    const { batch, resolveOffset, commitOffsetsIfNecessary, isRunning, isStale } = payload;
    for (let start = 0; start < batch.messages.length; start += this.maxBatchSize) {
      // Stopping, or the partition was taken away in a rebalance: its new owner goes on from
      // the last commit.
      if (!isRunning() || isStale()) return;
      const part = batch.messages.slice(start, start + this.maxBatchSize);
      const messages = part.map((message) => consumed(batch.topic, batch.partition, message));
      await this.handleWithHeartbeats(payload, handler, messages);
      const last = part[part.length - 1] as KafkaMessage;
      resolveOffset(last.offset);
      await commitOffsetsIfNecessary({
        topics: [
          {
            topic: batch.topic,
            partitions: [{ partition: batch.partition, offset: nextOffset(last.offset) }],
          },
        ],
      });
    }
  }

  private async handleWithHeartbeats(
    { heartbeat, batch }: EachBatchPayload,
    handler: BatchHandler,
    messages: ConsumedMessage[],
  ): Promise<void> {
    try {
      await withHeartbeats(heartbeat, this.options.consumerConfig?.heartbeatInterval, () =>
        handler(messages),
      );
    } catch (error) {
      this.options.onHandlerError?.(error, {
        topic: batch.topic,
        partition: batch.partition,
        firstOffset: messages[0]?.offset ?? batch.firstOffset() ?? '',
        size: messages.length,
      });
      throw error;
    }
  }
}
