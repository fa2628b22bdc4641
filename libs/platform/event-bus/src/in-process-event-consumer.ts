import type { OutgoingMessage } from './event-publisher';
import {
  BatchHandler,
  ConsumedMessage,
  ConsumerErrorListener,
  ConsumerStateError,
  EventConsumer,
  positiveInteger,
} from './event-consumer';
import type { InProcessEventBus } from './in-process-event-bus';

export interface InProcessConsumerOptions {
  /** Most messages handed to the handler at once. */
  maxBatchSize?: number;
  /** Tries of one batch before its publishers are told it was not taken. */
  maxAttempts?: number;
  /** Wait before trying a failed batch again, doubled on each try. */
  retryDelayMs?: number;
  onHandlerError?: ConsumerErrorListener;
}

interface Waiting {
  message: ConsumedMessage;
  resolve: () => void;
  reject: (error: Error) => void;
}

/** The handler kept failing (or the consumer stopped): the message was not taken. */
export class MessageNotConsumedError extends Error {
  override readonly name = 'MessageNotConsumedError';
}

/**
 * The consumer of the single-process default, over `InProcessEventBus`. Messages published while
 * a batch is being handled queue up and form the next batch, so a burst of sessions costs few
 * store writes. A publish resolves once the batch holding its message was handled, keeping the
 * bus's meaning of "durable". A failing batch is tried again (`maxAttempts`, back-off); if it
 * still fails, its publishes reject, and the publisher treats it as Kafka not acknowledging
 * (the gateway does not answer the CPE, which sends its Inform again later): the in-process form
 * of "not committed, delivered again".
 */
export class InProcessEventConsumer implements EventConsumer {
  private readonly queue: Waiting[] = [];
  private handler: BatchHandler | undefined;
  private topic = '';
  private sequence = 0;
  private draining: Promise<void> | undefined;
  private stopped = false;
  private readonly maxBatchSize: number;
  private readonly maxAttempts: number;
  private readonly retryDelayMs: number;

  constructor(
    private readonly bus: InProcessEventBus,
    private readonly options: InProcessConsumerOptions = {},
  ) {
    this.maxBatchSize = positiveInteger('maxBatchSize', options.maxBatchSize ?? 500);
    this.maxAttempts = positiveInteger('maxAttempts', options.maxAttempts ?? 3);
    this.retryDelayMs = options.retryDelayMs ?? 50;
  }

  async start(topic: string, handler: BatchHandler): Promise<void> {
    if (this.handler) throw new ConsumerStateError('consumer already started');
    if (this.stopped) throw new ConsumerStateError('consumer was stopped');
    this.handler = handler;
    this.topic = topic;
    this.bus.subscribe(topic, (message) => this.enqueue(message));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.draining;
    for (const waiting of this.queue.splice(0))
      waiting.reject(new MessageNotConsumedError(`consumer of ${this.topic} stopped`));
  }

  private enqueue(message: OutgoingMessage): Promise<void> {
    if (this.stopped)
      return Promise.reject(new MessageNotConsumedError(`consumer of ${this.topic} stopped`));
    return new Promise<void>((resolve, reject) => {
      this.queue.push({
        message: {
          topic: message.topic,
          partition: 0,
          offset: String(this.sequence++),
          key: message.key,
          value: message.value,
        },
        resolve,
        reject,
      });
      this.scheduleDrain();
    });
  }

  private scheduleDrain(): void {
    if (this.draining) return;
    // On the next turn of the event loop, so that publishes of this turn join the same batch.
    this.draining = new Promise<void>((done) => setImmediate(done))
      .then(() => this.drain())
      .finally(() => {
        this.draining = undefined;
        // A message may have arrived between the drain's last look at the queue and now.
        if (this.queue.length > 0 && !this.stopped) this.scheduleDrain();
      });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0 && !this.stopped) {
      const batch = this.queue.splice(0, this.maxBatchSize);
      const error = await this.handleWithRetries(batch.map((waiting) => waiting.message));
      if (error === undefined) for (const waiting of batch) waiting.resolve();
      else for (const waiting of batch) waiting.reject(error);
    }
  }

  private async handleWithRetries(messages: ConsumedMessage[]): Promise<Error | undefined> {
    const handler = this.handler as BatchHandler;
    let delay = this.retryDelayMs;
    for (let attempt = 1; ; attempt++) {
      try {
        await handler(messages);
        return undefined;
      } catch (error) {
        this.options.onHandlerError?.(error, {
          topic: this.topic,
          partition: 0,
          firstOffset: messages[0]?.offset ?? '',
          size: messages.length,
        });
        if (attempt >= this.maxAttempts || this.stopped) {
          const reason = error instanceof Error ? error.message : String(error);
          return new MessageNotConsumedError(
            `not consumed after ${attempt} attempt(s): ${reason}`,
            { cause: error },
          );
        }
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay *= 2;
      }
    }
  }
}
