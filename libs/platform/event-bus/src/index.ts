export * from './event-publisher';
export { KafkaEventPublisher, DEFAULT_PUBLISHER_OPTIONS } from './kafka-event-publisher';
export {
  kafkaClientEnv,
  kafkaConfigFromSettings,
  kafkaFromSettings,
  kafkaPublisherFromSettings,
} from './kafka-client-settings';
export type { KafkaClientSettings } from './kafka-client-settings';
export type { KafkaPublisherOptions } from './kafka-event-publisher';
export { InProcessEventBus } from './in-process-event-bus';
export type { Subscriber } from './in-process-event-bus';
export * from './event-consumer';
export { KafkaEventConsumer } from './kafka-event-consumer';
export type { KafkaConsumerOptions } from './kafka-event-consumer';
export { PipelinedKafkaConsumer } from './kafka-pipelined-consumer';
export type { PipelinedConsumerOptions } from './kafka-pipelined-consumer';
export { InProcessEventConsumer, MessageNotConsumedError } from './in-process-event-consumer';
export type { InProcessConsumerOptions } from './in-process-event-consumer';
export { mapBounded } from './map-bounded';
export {
  kafkaBackgroundConsumerConfig,
  kafkaConsumerConfig,
  kafkaConsumerTimingsEnv,
} from './kafka-consumer-timings';
export type { KafkaConsumerTimings } from './kafka-consumer-timings';
export { ensureTopics } from './ensure-topics';
export type { TopicPlan, TopicDurability, TopicsEnsured } from './ensure-topics';
