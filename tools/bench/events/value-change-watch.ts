/**
 * An OSS's view of acs.events for bench:events: a consumer of its own (a fresh group, from the
 * topic's start, so nothing published before it joined is missed) that notes when each
 * DeviceParametersChanged became readable, by device and new value. A short fetch wait (100 ms)
 * keeps the watcher's own polling out of the figure: what is measured is the platform.
 */
import { TOPICS, validatePublicMessage } from '@acs/contracts';
import type { SuiteKafka } from '@acs/testing';
import type { Consumer } from 'kafkajs';

export class ValueChangeWatch {
  /** `${deviceId} ${path} ${newValue}` → when it was read (epoch ms). */
  private readonly seen = new Map<string, number>();
  private invalid = 0;

  private constructor(private readonly consumer: Consumer) {}

  static async start(kafka: SuiteKafka): Promise<ValueChangeWatch> {
    const consumer = kafka
      .client('bench-events-watch')
      .consumer({ groupId: kafka.group(`bench-events-${Date.now()}`), maxWaitTimeInMs: 100 });
    const watch = new ValueChangeWatch(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic: kafka.topic(TOPICS.events), fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const readAt = Date.now();
        if (!message.value) return;
        const checked = validatePublicMessage('acs.events', message.value.toString());
        if (!checked.ok) {
          watch.invalid++;
          return;
        }
        const event = checked.value;
        if (event.type !== 'DeviceParametersChanged') return;
        for (const change of event.changes) {
          const key = ValueChangeWatch.key(event.deviceId, change.path, String(change.newValue));
          if (!watch.seen.has(key)) watch.seen.set(key, readAt);
        }
      },
    });
    return watch;
  }

  static key(deviceId: string, path: string, value: string): string {
    return `${deviceId} ${path} ${value}`;
  }

  readAt(deviceId: string, path: string, value: string): number | undefined {
    return this.seen.get(ValueChangeWatch.key(deviceId, path, value));
  }

  /** Messages on acs.events that broke their schema. */
  get invalidMessages(): number {
    return this.invalid;
  }

  stop(): Promise<void> {
    return this.consumer.disconnect();
  }
}
