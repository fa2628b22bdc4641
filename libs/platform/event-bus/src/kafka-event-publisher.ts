import type { Producer } from 'kafkajs';
import { EventPublisher, OutgoingMessage, PublishError } from './event-publisher';

interface Pending {
  message: OutgoingMessage;
  resolve: () => void;
  reject: (error: Error) => void;
}

export interface KafkaPublisherOptions {
  /**
   * How long a publish may wait for others to share its produce request. Every session step waits
   * for its ack, so this is latency on the hot path: kept at a millisecond or two; under load the
   * requests that arrive while one batch is in flight form the next batch anyway.
   */
  lingerMs: number;
  /** Most messages in one produce request. */
  maxBatch: number;
}

/**
 * Publishes through one kafkajs producer with acks from all in-sync replicas, coalescing
 * concurrent publishes into one `sendBatch` so that a boot storm costs few produce requests.
 */
export class KafkaEventPublisher implements EventPublisher {
  private queue: Pending[] = [];
  private timer: NodeJS.Timeout | undefined;
  private inFlight = 0;
  private closed = false;

  constructor(
    private readonly producer: Producer,
    private readonly options: KafkaPublisherOptions = { lingerMs: 1, maxBatch: 500 },
  ) {}

  publish(message: OutgoingMessage): Promise<void> {
    if (this.closed) return Promise.reject(new PublishError('publisher is shut down'));
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ message, resolve, reject });
      if (this.queue.length >= this.options.maxBatch) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.options.lingerMs);
    });
  }

  async shutdown(): Promise<void> {
    this.closed = true;
    this.flush();
    while (this.inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 5));
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.queue.splice(0, this.options.maxBatch);
    if (batch.length === 0) return;
    if (this.queue.length > 0) this.timer = setTimeout(() => this.flush(), 0);
    this.inFlight++;
    void this.send(batch).finally(() => this.inFlight--);
  }

  private async send(batch: Pending[]): Promise<void> {
    const byTopic = new Map<string, { key: string; value: string }[]>();
    for (const { message } of batch) {
      const messages = byTopic.get(message.topic) ?? [];
      messages.push({ key: message.key, value: message.value });
      byTopic.set(message.topic, messages);
    }
    try {
      await this.producer.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
      });
      for (const pending of batch) pending.resolve();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      for (const pending of batch)
        pending.reject(new PublishError(`Kafka did not acknowledge: ${reason}`));
    }
  }
}
