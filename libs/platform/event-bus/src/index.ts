export * from './event-publisher';
export { KafkaEventPublisher } from './kafka-event-publisher';
export type { KafkaPublisherOptions } from './kafka-event-publisher';
export { InProcessEventBus } from './in-process-event-bus';
export type { Subscriber } from './in-process-event-bus';
