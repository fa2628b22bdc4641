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
