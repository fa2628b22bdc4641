import type { Consumer, KafkaMessage } from 'kafkajs';
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

/** Errors of a broker that has not learned yet of a topic just created (KRaft spreads it). */
const NOT_KNOWN_YET = new Set(['UNKNOWN_TOPIC_OR_PARTITION', 'LEADER_NOT_AVAILABLE']);

/**
 * Subscribes once the broker kafkajs asks knows the topic. Topics are created by an operator
 * (`npm run kafka:topics`, an init job) just before the services start, and a broker other than
 * the one that confirmed them may answer "unknown topic" for a moment; kafkajs's subscribe then
 * throws, which would end the service at start. A topic still unknown after `timeoutMs` is an
 * error that names it.
 */
export async function subscribeWhenKnown(
  consumer: Pick<Consumer, 'subscribe'>,
  subscription: { topic: string; fromBeginning: boolean },
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let delayMs = 100; ; delayMs = Math.min(delayMs * 2, 2_000)) {
    try {
      await consumer.subscribe(subscription);
      return;
    } catch (error) {
      const type = (error as { type?: unknown }).type;
      if (typeof type !== 'string' || !NOT_KNOWN_YET.has(type)) throw error;
      if (Date.now() + delayMs > deadline) {
        throw new Error(
          `Kafka topic ${subscription.topic} is not known to the cluster after ${timeoutMs} ms (${type}): create the platform's topics first (npm run kafka:topics)`,
          { cause: error },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
