import { TOPICS, type FirmwareEvent } from '@acs/contracts';
import type { EventPublisher } from '@acs/event-bus';
import type { FirmwareEventSink } from '@acs/firmware-use-cases';

/** Firmware's events on acs.events: a device's outcome keyed by device, the rest by campaign. */
export class FirmwareEventPublisher implements FirmwareEventSink {
  constructor(private readonly publisher: EventPublisher) {}

  async publish(event: FirmwareEvent): Promise<void> {
    const key = 'deviceId' in event ? event.deviceId : event.campaignId;
    await this.publisher.publish({ topic: TOPICS.events, key, value: JSON.stringify(event) });
  }
}
