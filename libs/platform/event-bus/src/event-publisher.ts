/** One message for a topic, keyed so that a consumer sees one device's messages in order. */
export interface OutgoingMessage {
  topic: string;
  key: string;
  /** Serialized JSON. */
  value: string;
}

/**
 * The event bus's publishing port. `publish` resolves only once the message is durable (on Kafka:
 * acknowledged by all in-sync replicas); it rejects otherwise, and the caller must not acknowledge
 * anything to its own client in that case.
 */
export interface EventPublisher {
  publish(message: OutgoingMessage): Promise<void>;
  shutdown(): Promise<void>;
}

export class PublishError extends Error {
  override readonly name = 'PublishError';
}
