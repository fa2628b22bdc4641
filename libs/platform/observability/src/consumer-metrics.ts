import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { BatchHandler, EventConsumer } from '@acs/event-bus';
import { LATENCY_BUCKETS } from './buckets';
import { messageTypeLabel } from './message-type';

/** How a service's Kafka (or in-process) consumers keep up: lag, handler time, events handled. */
export class ConsumerMetrics {
  readonly handled: Counter<'topic' | 'type' | 'outcome'>;
  readonly handlerDuration: Histogram<'topic' | 'outcome'>;
  readonly lag: Gauge<'topic' | 'partition'>;

  constructor(registry: Registry, service: string) {
    this.handled = new Counter({
      name: `acs_${service}_events_handled_total`,
      help: 'Consumed events by topic, event type and outcome (error: the batch comes again)',
      labelNames: ['topic', 'type', 'outcome'] as const,
      registers: [registry],
    });
    this.handlerDuration = new Histogram({
      name: `acs_${service}_handler_duration_seconds`,
      help: 'One handler call (a batch of events), by topic and outcome',
      labelNames: ['topic', 'outcome'] as const,
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    });
    this.lag = new Gauge({
      name: `acs_${service}_kafka_consumer_lag_messages`,
      help:
        'Messages behind the partition high watermark when its last batch was fetched ' +
        '(0 once caught up; unchanged while nothing new arrives)',
      labelNames: ['topic', 'partition'] as const,
      registers: [registry],
    });
  }

  /** For PipelinedKafkaConsumer's onBatchFetched: the lag kafkajs reports with each batch. */
  readonly recordLag = (fetched: { topic: string; partition: number; lag: number }): void => {
    this.lag.set({ topic: fetched.topic, partition: String(fetched.partition) }, fetched.lag);
  };
}

/**
 * The consumer with its handler timed and its events counted by type: a decorator of the port,
 * so the consuming feature stays free of metrics. `types` bounds the type label.
 */
export function observedConsumer(
  consumer: EventConsumer,
  metrics: ConsumerMetrics,
  types: readonly string[],
): EventConsumer {
  const known = new Set(types);
  return {
    start: (topic: string, handler: BatchHandler) =>
      consumer.start(topic, async (messages) => {
        const stopTimer = metrics.handlerDuration.startTimer({ topic });
        const count = (outcome: 'ok' | 'error') => {
          stopTimer({ outcome });
          const perType = new Map<string, number>();
          for (const message of messages) {
            const type = messageTypeLabel(message.value, known);
            perType.set(type, (perType.get(type) ?? 0) + 1);
          }
          for (const [type, n] of perType) metrics.handled.inc({ topic, type, outcome }, n);
        };
        try {
          await handler(messages);
        } catch (error) {
          count('error');
          throw error;
        }
        count('ok');
      }),
    stop: () => consumer.stop(),
  };
}
