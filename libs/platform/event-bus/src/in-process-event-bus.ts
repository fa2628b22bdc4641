import { EventPublisher, OutgoingMessage, PublishError } from './event-publisher';

export type Subscriber = (message: OutgoingMessage) => Promise<void> | void;

/**
 * The event bus of the single-process default. A publish resolves once every subscriber of the
 * topic has handled the message: in one process that is what "durable" can mean, and it keeps
 * the gateway's rule (answer the CPE only after the event is taken) unchanged.
 */
export class InProcessEventBus implements EventPublisher {
  private readonly subscribers = new Map<string, Subscriber[]>();
  private closed = false;

  subscribe(topic: string, subscriber: Subscriber): void {
    this.subscribers.set(topic, [...(this.subscribers.get(topic) ?? []), subscriber]);
  }

  async publish(message: OutgoingMessage): Promise<void> {
    if (this.closed) throw new PublishError('event bus is shut down');
    for (const subscriber of this.subscribers.get(message.topic) ?? []) await subscriber(message);
  }

  async shutdown(): Promise<void> {
    this.closed = true;
  }
}
