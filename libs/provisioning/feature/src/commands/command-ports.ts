import type { EventPublisher } from '@acs/event-bus';
import type {
  CommandLog,
  ConfigurationStore,
  SubscriberStore,
  TaskStore,
} from '@acs/provisioning-data-access';
import type {
  ConnectionRequestPort,
  DeviceLookup,
  DeviceTagWrites,
  ProvisioningChangeListener,
} from '@acs/provisioning-use-cases';
import type { ProvisioningLog } from '../ports';

export type { ConnectionRequestPort } from '@acs/provisioning-use-cases';

/**
 * What OSS/BSS commands read and write. The stores are the ones the operator API uses (wrap
 * them with the pending-work marking stores so that devices with new work are re-evaluated).
 */
export interface CommandPorts {
  tasks: TaskStore;
  devices: DeviceLookup;
  /** setTags changes tags through inventory, the devices' owner. */
  inventory: DeviceTagWrites;
  subscribers: SubscriberStore;
  configurations: ConfigurationStore;
  /** At most once per command id. */
  commands: CommandLog;
  /** Where results go (`acs.command-results`). */
  publisher: EventPublisher;
  /** Wakes devices for connectionRequest commands and tasks that ask for it (reason `command`). */
  connectionRequests: ConnectionRequestPort;
  /**
   * Firmware campaigns, for controlCampaign (the firmware context's use case, given by the app
   * that hosts both); absent: such commands fail with campaigns-unavailable.
   */
  campaigns?: CampaignControlPort;
  /** Told of each subscriber record a command stored (the operator API's onProvisioningChange). */
  changes?: ProvisioningChangeListener;
  log: ProvisioningLog;
  now?: () => Date;
}

/** What a controlCampaign command needs of the firmware context. */
export interface CampaignControlPort {
  /**
   * Applies the action and answers the campaign's new state, or how it was refused (no such
   * campaign; the action does not apply to its state).
   */
  control(
    campaignId: string,
    action: 'start' | 'pause' | 'resume' | 'cancel',
    note?: string,
  ): Promise<
    | { outcome: 'done'; state: string }
    | { outcome: 'not-found' | 'state-conflict'; message: string }
  >;
}
