import type { Producer } from 'kafkajs';
import { EventPublisher, OutgoingMessage, PublishError } from './event-publisher';

interface Pending {
  message: OutgoingMessage;
  resolve: () => void;
  reject: (error: Error) => void;
}

export interface KafkaPublisherOptions {
  /**
   * How long an idle publisher waits for more messages before it sends (0: the publishes of the
   * same event-loop turn go together). Every session step waits for its ack, so this is latency
   * on the hot path. While a produce request is in flight, new messages queue and go out as the
   * next batch the moment it is acknowledged: under load batches grow by themselves.
   */
  lingerMs: number;
  /** Most messages in one produce request. */
  maxBatch: number;
  /** Put before every topic name (KAFKA_NAME_PREFIX). */
  namePrefix?: string;
}

export const DEFAULT_PUBLISHER_OPTIONS: KafkaPublisherOptions = { lingerMs: 0, maxBatch: 500 };

/**
 * Publishes through one kafkajs producer with acks from all in-sync replicas, coalescing
 * concurrent publishes into one `sendBatch` so that a boot storm costs few produce requests.
 * One produce request is in flight at a time, which also keeps the order of the messages of one
 * key across batches.
 *
 * A produce request kafkajs gave up on (timed out, broker gone) may still have been written, and
 * kafkajs's idempotent producer then hands its sequence numbers to the next batch: the broker
 * takes that batch for a duplicate of the one it wrote, acknowledges it and drops it. So after a
 * failed send the publisher drops the producer and connects a new one from `newProducer` (a new
 * producer id, sequences from 0) before it sends anything else; a producer that could not connect
 * is replaced too, since kafkajs would retry it against the metadata it first read (a producer id
 * asked of a broker that stopped answering, for ever). A rejected publish may have been
 * written (at least once); an acknowledged one always was.
 */
export class KafkaEventPublisher implements EventPublisher {
  private queue: Pending[] = [];
  private timer: NodeJS.Timeout | NodeJS.Immediate | undefined;
  private inFlight = false;
  private closed = false;
  private producer: Producer;
  private connection: Promise<void> | undefined;

  constructor(
    private readonly newProducer: () => Producer,
    private readonly options: KafkaPublisherOptions = DEFAULT_PUBLISHER_OPTIONS,
  ) {
    this.producer = newProducer();
  }

  /** Connects the producer (an idempotent one gets its producer id); rejects while Kafka is away. */
  connect(): Promise<void> {
    if (!this.connection) {
      const connecting = this.producer.connect();
      this.connection = connecting;
      connecting.catch(() => {
        if (this.connection === connecting) this.connection = undefined;
      });
    }
    return this.connection;
  }

  publish(message: OutgoingMessage): Promise<void> {
    if (this.closed) return Promise.reject(new PublishError('publisher is shut down'));
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ message, resolve, reject });
      this.schedule();
    });
  }

  /** Sends what is queued, then disconnects. */
  async shutdown(): Promise<void> {
    this.closed = true;
    while (this.inFlight || this.queue.length > 0) {
      this.schedule();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await this.producer.disconnect().catch(() => undefined);
  }

  private schedule(): void {
    if (this.inFlight || this.timer !== undefined || this.queue.length === 0) return;
    const flush = () => {
      this.timer = undefined;
      void this.flush();
    };
    this.timer =
      this.options.lingerMs > 0 ? setTimeout(flush, this.options.lingerMs) : setImmediate(flush);
  }

  private async flush(): Promise<void> {
    const batch = this.queue.splice(0, this.options.maxBatch);
    if (batch.length === 0) return;
    this.inFlight = true;
    try {
      await this.send(batch);
    } finally {
      this.inFlight = false;
      this.schedule();
    }
  }
  private async send(batch: Pending[]): Promise<void> {
    const byTopic = new Map<string, { key: string; value: string }[]>();
    for (const { message } of batch) {
      const topic = `${this.options.namePrefix ?? ''}${message.topic}`;
      const messages = byTopic.get(topic) ?? [];
      messages.push({ key: message.key, value: message.value });
      byTopic.set(topic, messages);
    }
    try {
      await this.connect();
    } catch (error) {
      this.rejectAll(batch, error);
      // kafkajs keeps the metadata of a failed connect: an idempotent producer would ask the same
      // broker for its producer id again, one that may have been frozen since and stays so.
      this.renewProducer();
      return;
    }
    try {
      await this.producer.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
      });
      for (const pending of batch) pending.resolve();
    } catch (error) {
      this.rejectAll(batch, error);
      if (this.producer.isIdempotent()) this.renewProducer();
    }
  }

  /** A new producer id: no sequence number of a write in doubt is ever used again. */
  private renewProducer(): void {
    const abandoned = this.producer;
    this.producer = this.newProducer();
    this.connection = undefined;
    void abandoned.disconnect().catch(() => undefined);
  }

  private rejectAll(batch: readonly Pending[], error: unknown): void {
    const reason = error instanceof Error ? error.message : String(error);
    for (const pending of batch)
      pending.reject(new PublishError(`Kafka did not acknowledge: ${reason}`));
  }
}
