import type { DeviceStore } from '@acs/device-store';
import type { EventPublisher } from '@acs/event-bus';
import type { TaskStore } from '@acs/provisioning-data-access';
import type {
  CommandLog,
  ConfigurationStore,
  SubscriberStore,
} from '@acs/provisioning-data-access';
import type { ProvisioningLog } from '../ports';

/** Wakes a device with a connection request; device-side failures are outcomes, not throws. */
export interface ConnectionRequestPort {
  /** `ok` or `sent` when the request reached the device; anything else says why not. */
  wake(deviceId: string): Promise<{ outcome: string; detail?: string }>;
}

/**
 * What OSS/BSS commands read and write. The stores are the ones the operator API uses (wrap
 * them with the pending-work marking stores so that devices with new work are re-evaluated).
 */
export interface CommandPorts {
  tasks: TaskStore;
  devices: DeviceStore;
  subscribers: SubscriberStore;
  configurations: ConfigurationStore;
  /** At most once per command id. */
  commands: CommandLog;
  /** Where results go (`acs.command-results`). */
  publisher: EventPublisher;
  connectionRequests: ConnectionRequestPort;
  log: ProvisioningLog;
  now?: () => Date;
}
