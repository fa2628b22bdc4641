/** One message as a consumer hands it to its handler. */
export interface ConsumedMessage {
  topic: string;
  partition: number;
  /** Position in the partition (a Kafka offset, as a decimal string). */
  offset: string;
  key: string | null;
  /** Serialized JSON as published; null for a Kafka tombstone. */
  value: string | null;
}

/** Handles one batch; resolving says every message of it is taken care of (durably written). */
export type BatchHandler = (messages: ConsumedMessage[]) => Promise<void>;

/**
 * The event bus's consuming port: delivers a topic's messages in batches, in order within a key.
 * A batch counts as consumed only once the handler resolved: a handler that throws consumes
 * nothing and the same messages come again. Delivery is therefore at least once, and handlers
 * must be idempotent (every platform event carries an id for that).
 */
export interface EventConsumer {
  /** Starts delivering `topic` to `handler`; one topic per consumer, started once. */
  start(topic: string, handler: BatchHandler): Promise<void>;
  /** Lets the batch in hand finish (and commit), then stops; nothing more is delivered. */
  stop(): Promise<void>;
}

/** What a consumer reports when a handler fails (it will deliver the batch again). */
export type ConsumerErrorListener = (
  error: unknown,
  context: { topic: string; partition: number; firstOffset: string; size: number },
) => void;

export class ConsumerStateError extends Error {
  override readonly name = 'ConsumerStateError';
}

/** A consumer option that must be a positive integer; RangeError naming it otherwise. */
export function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1)
    throw new RangeError(`${name} must be a positive integer, got ${value}`);
  return value;
}
