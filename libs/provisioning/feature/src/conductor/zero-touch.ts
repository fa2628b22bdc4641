import type { SessionOpened, SubscriberRecord } from '@acs/contracts';
import { withTagChange, type SessionProgress } from '@acs/provisioning-domain';
import type { ProvisioningPorts } from '../ports';
import type { ProvisioningSettings } from '../settings';
import type { ProvisioningEvents } from './provisioning-events';

const BOOTSTRAP = '0 BOOTSTRAP';
/** How long zero-touch waits for inventory to record a device it sees for the first time. */
const FIRST_CONTACT_WAIT_MS = 3_000;

/**
 * Zero-touch provisioning: on 0 BOOTSTRAP or first contact the device's subscriber record is
 * looked up (its service profile then applies like a preset, with its data in templates). A
 * device with neither a record nor a profile is tagged for quarantine and announced, once per
 * bootstrap; it is not retried in a loop.
 */
export class ZeroTouch {
  constructor(
    private readonly ports: ProvisioningPorts,
    private readonly settings: ProvisioningSettings,
    private readonly events: ProvisioningEvents,
  ) {}

  subscriberOf(progress: SessionProgress): Promise<SubscriberRecord | null> {
    return this.ports.subscribers.find({ deviceId: progress.deviceId, ...progress.identity });
  }

  /** The progress, with the quarantine tag among its tag changes when it set it. */
  async sessionOpened(progress: SessionProgress, event: SessionOpened): Promise<SessionProgress> {
    const tag = this.settings.quarantineTag;
    if (tag === null) return progress;
    const bootstrap = progress.eventCodes.includes(BOOTSTRAP);
    const known = await this.ports.devices.get(progress.deviceId, { subtree: 'none.' });
    if (!bootstrap && known) return progress;
    const subscriber = await this.subscriberOf(progress);
    if (subscriber?.profile) return progress;
    const stored = known ?? (await this.whenStored(progress.deviceId));
    if (stored?.tags.includes(tag)) return progress;
    let next = progress;
    if (stored) {
      await this.ports.inventory.changeTags({ deviceId: progress.deviceId }, [tag], []);
      next = withTagChange(progress, { add: [tag], remove: [] });
    } else {
      this.ports.log.warn('quarantine: device not recorded by inventory in time, tag not set', {
        deviceId: progress.deviceId,
      });
    }
    await this.events.publish(progress.deviceId, `quarantine:${event.eventId}`, {
      type: 'DeviceQuarantined',
      tag,
      reason: subscriber
        ? 'subscriber record names no service profile'
        : 'no subscriber record for this device',
    });
    return next;
  }

  /** Inventory records a new device from the same Inform; it is usually there within moments. */
  private async whenStored(deviceId: string) {
    const deadline = Date.now() + FIRST_CONTACT_WAIT_MS;
    for (;;) {
      const device = await this.ports.devices.get(deviceId, { subtree: 'none.' });
      if (device || Date.now() >= deadline) return device;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
