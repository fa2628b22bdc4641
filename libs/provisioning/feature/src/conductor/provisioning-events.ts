import { TOPICS, type ProvisioningEvent } from '@acs/contracts';
import type { EventPublisher } from '@acs/event-bus';

type Body<E> = E extends ProvisioningEvent
  ? Omit<E, 'schemaVersion' | 'occurredAt' | 'deviceId' | 'eventId'>
  : never;

/** Publishes provisioning's events on `acs.events`, keyed by device, with ids from their cause. */
export class ProvisioningEvents {
  constructor(
    private readonly publisher: EventPublisher,
    private readonly now: () => Date,
  ) {}

  async publish(deviceId: string, eventId: string, body: Body<ProvisioningEvent>): Promise<void> {
    const event = {
      schemaVersion: 1,
      eventId,
      deviceId,
      occurredAt: this.now().toISOString(),
      ...body,
    } as ProvisioningEvent;
    await this.publisher.publish({
      topic: TOPICS.events,
      key: deviceId,
      value: JSON.stringify(event),
    });
  }
}
