import type { DeviceReads } from '@acs/device-store';
import type { InventoryWrites } from '@acs/inventory-writes';

/** Finds devices by id (a read: inventory owns the devices). */
export type DeviceLookup = Pick<DeviceReads, 'find'>;

/**
 * Changes devices' tags through their owner, inventory: at once in the all-in-one app, as a
 * change on `cwmp.device-changes` in the scaled topology (the composition decides).
 */
export type DeviceTagWrites = Pick<InventoryWrites, 'changeTags'>;

/** How waking a device ended (provisioning's WakeOutcome, as far as a use case reads it). */
export interface WakeOutcome {
  /** `ok` or `sent` when the request reached the device; anything else says why not. */
  outcome: string;
  method?: 'http' | 'udp' | null;
  detail?: string;
  retryAfterMs?: number;
  limit?: 'device' | 'global';
  /** For `rate-limited`: when the request, held back, goes (ISO 8601), unless a session came first. */
  retryAt?: string;
}

/**
 * Wakes a device with a connection request (provisioning's DeviceWakeUp, with the reason the
 * transport records: `api`, `task`, `command`). Device-side failures are outcomes, not throws;
 * `unknown-device` when the device is not known.
 */
export interface ConnectionRequestPort {
  wake(deviceId: string): Promise<WakeOutcome>;
}

/** What changed, for provisioning to re-evaluate the devices it concerns. */
export interface ProvisioningChange {
  kind: 'preset' | 'configuration' | 'subscriber';
  id: string;
}

/** Told of each change after it is stored; never throws (a failure is the listener's to log). */
export interface ProvisioningChangeListener {
  changed(change: ProvisioningChange): Promise<void>;
}

/** Where a use case reports a platform failure it absorbs (the operation still succeeds). */
export interface UseCaseLog {
  error(message: string, fields?: Record<string, unknown>): void;
}
