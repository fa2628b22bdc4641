import type { Consumer, ConsumerConfig, EachBatchPayload, Kafka } from 'kafkajs';
import { CommitPositions, type PartitionPosition } from './commit-positions';
import {
  BatchHandler,
  ConsumedMessage,
  ConsumerErrorListener,
  ConsumerStateError,
  EventConsumer,
  positiveInteger,
} from './event-consumer';
import { consumed, subscribeWhenKnown, withHeartbeats } from './kafka-consumer-support';
import { KeyedPipeline } from './keyed-pipeline';

export interface PipelinedConsumerOptions {
  groupId: string;
  /**
   * Most messages taken from Kafka and not handled yet; fetching waits while this many are out
   * (a fetched batch is taken whole, so the bound can be passed by one batch).
   */
  maxInFlight: number;
  /**
   * `per-key` (default): a key's messages in order, different keys side by side. `total`: one
   * handler call at a time, with every message taken since the last one began, for a handler
   * that writes a whole batch at once (order holds within every partition and key).
   */
  ordering?: 'per-key' | 'total';
  /** Most messages in one handler call (default 500). */
  maxBatchSize?: number;
  /**
   * How long a handler call that is not full waits for more messages first (default 0). For a
   * handler whose cost is mostly per call (one store transaction), at the price of that latency.
   */
  lingerMs?: number;
  /** Least time between two offset commits (handling goes on meanwhile). */
  commitIntervalMs?: number;
  /** Where a new group starts: the oldest message (default) or only new ones. */
  fromBeginning?: boolean;
  /** Back-off before a failed handler call is made again: the first wait, doubling up to the max. */
  retryBackoffMs?: { initial: number; max: number };
  /** kafkajs consumer settings (session timeout, heartbeat interval, fetch sizes, retry). */
  consumerConfig?: Omit<ConsumerConfig, 'groupId'>;
  /** Put before the topic and group names (KAFKA_NAME_PREFIX). */
  namePrefix?: string;
  onHandlerError?: ConsumerErrorListener;
  /** Told of each fetched batch with how far it was behind its partition's high watermark. */
  onBatchFetched?: (fetched: { topic: string; partition: number; lag: number }) => void;
}

const DEFAULT_RETRY_BACKOFF_MS = { initial: 100, max: 5_000 };
/** After a failed commit (the group rebalancing, a broker away), when to try again. */
const COMMIT_RETRY_MS = 1_000;

/**
 * Consumes a topic with fetching and handling overlapped: each fetched batch is split by message
 * key and handed on at once, the keys' messages in order, different keys side by side, while
 * kafkajs already fetches the next batch. With the per-batch consumer a partition's next batch
 * waits for the slowest message of the last one; here only the same key's next message does.
 * Messages that queue behind a key's running call go to its next call together, so calls grow
 * with the load instead of with what one fetch happened to return.
 *
 * Offsets are committed by hand, up to the first message not handled yet in each partition, so a
 * crash redelivers what was not handled and skips nothing. A handler that throws is called again
 * with the same messages after a back-off, and the key's later messages wait for it.
 *
 * Rebalances: kafkajs starts every assignment again from the last commit, so when one begins the
 * messages not started yet are dropped (they come again) and the positions forgotten. A message
 * whose handling is under way finishes; if its partition moved, the new owner may handle it too
 * once the group has re-formed, even at the same time, so handlers must be idempotent under
 * concurrent redelivery (provisioning's progress write is a compare-and-set for that).
 */
export class PipelinedKafkaConsumer implements EventConsumer {
  private consumer: Consumer | undefined;
  private topic = '';
  private readonly positions = new CommitPositions();
  private readonly pipeline: KeyedPipeline<ConsumedMessage>;
  private handler: BatchHandler | undefined;
  /** Bumped on every rebalance: work taken under an older epoch no longer counts. */
  private epoch = 0;
  private stopping = false;
  private committing: Promise<void> | undefined;
  private commitWanted = false;
  private lastCommitAt = 0;
  private commitRetry: NodeJS.Timeout | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly options: PipelinedConsumerOptions,
  ) {
    positiveInteger('maxInFlight', options.maxInFlight);
    this.pipeline = new KeyedPipeline(
      (messages) => this.handle(messages),
      // handle() catches everything; this only guards against a bug in it.
      (error) => this.report(error, []),
      { maxBatch: options.maxBatchSize ?? 500, lingerMs: options.lingerMs ?? 0 },
    );
  }

  async start(topic: string, handler: BatchHandler): Promise<void> {
    if (this.consumer) throw new ConsumerStateError('consumer already started');
    const prefix = this.options.namePrefix ?? '';
    const consumer = this.kafka.consumer({
      ...this.options.consumerConfig,
      groupId: `${prefix}${this.options.groupId}`,
    });
    this.consumer = consumer;
    this.topic = `${prefix}${topic}`;
    this.handler = handler;
    consumer.on(consumer.events.REBALANCING, () => this.newEpoch());
    consumer.on(consumer.events.GROUP_JOIN, () => this.newEpoch());
    await consumer.connect();
    await subscribeWhenKnown(consumer, {
      topic: this.topic,
      fromBeginning: this.options.fromBeginning ?? true,
    });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: (payload) => this.take(payload),
    });
  }

  /** Finishes the messages being handled, commits them, then leaves the group. */
  async stop(): Promise<void> {
    const consumer = this.consumer;
    if (!consumer) return;
    this.stopping = true;
    this.pipeline.dropQueued();
    await this.pipeline.drained();
    clearTimeout(this.commitRetry);
    await this.committing;
    await this.commit(consumer);
    this.consumer = undefined;
    await consumer.disconnect();
  }

  /** Hands a fetched batch to the pipeline and lets kafkajs fetch on. */
  private async take(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, isRunning, isStale } = payload;
    const usable = () => !this.stopping && isRunning() && !isStale();
    if (!usable() || batch.messages.length === 0) return;
    this.options.onBatchFetched?.({
      topic: batch.topic,
      partition: batch.partition,
      lag: Number(batch.offsetLag()),
    });
    await withHeartbeats(payload.heartbeat, this.options.consumerConfig?.heartbeatInterval, () =>
      this.pipeline.roomFor(this.options.maxInFlight),
    );
    if (!usable()) return;
    const total = this.options.ordering === 'total';
    const byKey = new Map<string, ConsumedMessage[]>();
    for (const message of batch.messages) {
      const taken = consumed(batch.topic, batch.partition, message);
      this.positions.taken(taken.partition, taken.offset);
      // Keyless messages keep their partition's order.
      const key = total ? '' : (taken.key ?? `\u0000${taken.partition}`);
      const list = byKey.get(key);
      if (list) list.push(taken);
      else byKey.set(key, [taken]);
    }
    for (const [key, messages] of byKey) this.pipeline.add(key, messages);
    resolveOffset(batch.lastOffset());
  }

  /** One handler call, made again after a back-off until it succeeds. */
  private async handle(messages: ConsumedMessage[]): Promise<void> {
    const handler = this.handler;
    if (!handler) return;
    const epoch = this.epoch;
    const backoff = this.options.retryBackoffMs ?? DEFAULT_RETRY_BACKOFF_MS;
    let wait = backoff.initial;
    for (;;) {
      try {
        await handler(messages);
        break;
      } catch (error) {
        this.report(error, messages);
        await new Promise((resolve) => setTimeout(resolve, wait));
        wait = Math.min(backoff.max, wait * 2);
        // Taken back by a rebalance, or stopping: they come again from the last commit.
        if (epoch !== this.epoch || this.stopping) return;
      }
    }
    if (epoch !== this.epoch) return;
    for (const message of messages) this.positions.handled(message.partition, message.offset);
    this.commitSoon();
  }

  private commitSoon(): void {
    this.commitWanted = true;
    if (this.committing || this.stopping) return;
    this.committing = this.commitWhileWanted().finally(() => (this.committing = undefined));
  }

  private async commitWhileWanted(): Promise<void> {
    const interval = this.options.commitIntervalMs ?? 0;
    while (this.commitWanted && !this.stopping && this.consumer) {
      const wait = this.lastCommitAt + interval - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      this.commitWanted = false;
      this.lastCommitAt = Date.now();
      if (!(await this.commit(this.consumer))) {
        clearTimeout(this.commitRetry);
        this.commitRetry = setTimeout(() => this.commitSoon(), COMMIT_RETRY_MS);
        return;
      }
    }
  }

  /** Commits the positions that moved; false if the group refused (they stay uncommitted). */
  private async commit(consumer: Consumer): Promise<boolean> {
    const epoch = this.epoch;
    const moved = this.positions.uncommitted();
    if (moved.length === 0) return true;
    try {
      await consumer.commitOffsets(moved.map((position) => this.offsetOf(position)));
      if (epoch === this.epoch) this.positions.committed(moved);
      return true;
    } catch {
      // A rebalance under way or a broker away: the next commit carries these positions too.
      return false;
    }
  }

  private offsetOf({ partition, offset }: PartitionPosition) {
    return { topic: this.topic, partition, offset };
  }

  private newEpoch(): void {
    this.epoch++;
    this.pipeline.dropQueued();
    this.positions.clear();
  }

  private report(error: unknown, messages: readonly ConsumedMessage[]): void {
    this.options.onHandlerError?.(error, {
      topic: this.topic,
      partition: messages[0]?.partition ?? -1,
      firstOffset: messages[0]?.offset ?? '',
      size: messages.length,
    });
  }
}
