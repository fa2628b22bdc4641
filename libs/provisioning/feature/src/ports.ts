import type { SubscriberRecord, Configuration, Preset } from '@acs/contracts';
import type { DeviceReads } from '@acs/device-store';
import type { InventoryWrites } from '@acs/inventory-writes';
import type { EventPublisher } from '@acs/event-bus';
import type { TaskStore } from '@acs/provisioning-data-access';
import type { PendingWorkMarker, SessionProgressStore } from '@acs/provisioning-progress-store';
import type { SessionStore } from '@acs/session-store';
import type { ConnectionRequestCredentialSource } from './conductor/convergence/connection-request-credentials';

/** Structured log lines (JSON), with device and session ids where they apply. */
export interface ProvisioningLog {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** The presets in force and the configurations they name, as one consistent snapshot. */
export interface PresetSnapshot {
  /** Changes whenever any preset or configuration does; the pending-work marker compares it. */
  revision: number;
  presets: Preset[];
  configurations: ReadonlyMap<string, Configuration>;
}

export interface PresetSource {
  snapshot(): Promise<PresetSnapshot>;
}

/** Finds a device's subscriber record (service profile and template data). */
export interface SubscriberLookup {
  find(identity: {
    deviceId: string;
    oui: string;
    serialNumber: string;
    productClass: string;
  }): Promise<SubscriberRecord | null>;
}

/** Everything provisioning reads and writes, one port per store. */
export interface ProvisioningPorts {
  sessions: SessionStore;
  progress: SessionProgressStore;
  marker: PendingWorkMarker;
  /** Wrapped by taskStoreMarkingWork: a task created or retried marks its device dirty. */
  tasks: TaskStore;
  /** Read only: inventory owns the devices. */
  devices: DeviceReads;
  /** Changes to devices (tags, faults), made by inventory; wrapped to mark pending work. */
  inventory: InventoryWrites;
  /** `acs.events`. */
  events: EventPublisher;
  presets: PresetSource;
  subscribers: SubscriberLookup;
  /**
   * The unique connection-request credentials set on a device at first contact, when the
   * settings say `platform` (connection-request-credentials.ts); absent: devices keep theirs.
   */
  connectionRequestCredentials?: ConnectionRequestCredentialSource;
  log: ProvisioningLog;
  now?: () => Date;
}
