import { randomUUID } from 'node:crypto';
import type { Consumer } from 'kafkajs';
import {
  TOPICS,
  validateDeviceLifecycleEvent,
  validateProvisioningEvent,
  type ProvisioningEvent,
} from '@acs/contracts';
import { FAST_CONSUMER_TIMINGS, type SuiteKafka } from '@acs/testing';

/**
 * Reads `acs.events` as an OSS/BSS would, checking every message against its public schema:
 * anything that does not validate is kept in `invalid` for the test to assert on.
 */
export class PublicEvents {
  readonly provisioning: ProvisioningEvent[] = [];
  readonly invalid: string[] = [];
  private readonly consumer: Consumer;
  private readonly topic: string;

  constructor(kafka: SuiteKafka) {
    this.topic = kafka.topic(TOPICS.events);
    this.consumer = kafka.client('oss').consumer({
      groupId: kafka.group(`oss-${randomUUID()}`),
      ...FAST_CONSUMER_TIMINGS,
    });
  }

  async start(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ message }) => {
        const value: unknown = JSON.parse(message.value?.toString() ?? 'null');
        const provisioning = validateProvisioningEvent(value);
        if (provisioning.ok) {
          this.provisioning.push(provisioning.value);
          return;
        }
        if (!validateDeviceLifecycleEvent(value).ok) this.invalid.push(JSON.stringify(value));
      },
    });
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }

  of<T extends ProvisioningEvent['type']>(type: T, deviceId: string) {
    return this.provisioning.filter(
      (event): event is Extract<ProvisioningEvent, { type: T }> =>
        event.type === type && event.deviceId === deviceId,
    );
  }
}
