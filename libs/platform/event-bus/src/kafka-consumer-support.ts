import type { KafkaMessage } from 'kafkajs';
import type { ConsumedMessage } from './event-consumer';

/** A kafkajs message as the event bus hands it to handlers. */
export function consumed(topic: string, partition: number, message: KafkaMessage): ConsumedMessage {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key === null ? null : message.key.toString('utf8'),
    value: message.value === null ? null : message.value.toString('utf8'),
  };
}

/** Kafka commits the offset of the next message to read. */
export function nextOffset(offset: string): string {
  return (BigInt(offset) + 1n).toString();
}

/** kafkajs's default heartbeat interval, for consumers configured without one. */
export const DEFAULT_HEARTBEAT_INTERVAL_MS = 3_000;

/**
 * Runs `work` while heartbeating every `intervalMs`, so that a long handler or wait keeps the
 * group membership. A failed heartbeat (a rebalance began) is ignored here: kafkajs sees it again
 * at its own next heartbeat or commit after the batch.
 */
export async function withHeartbeats<T>(
  heartbeat: () => Promise<void>,
  intervalMs: number | undefined,
  work: () => Promise<T>,
): Promise<T> {
  const timer = setInterval(
    () => void heartbeat().catch(() => undefined),
    intervalMs ?? DEFAULT_HEARTBEAT_INTERVAL_MS,
  );
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}
