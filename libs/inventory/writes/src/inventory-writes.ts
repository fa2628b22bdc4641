import type { DeviceEventRecord, DeviceFault, DeviceFilter } from '@acs/device-store';

/**
 * How every context but inventory changes a device document: through its owner. Inventory alone
 * writes devices (parameters, identity, online state from the session events; and these changes
 * on behalf of the others), so there is one writer per collection whatever the topology.
 *
 * Two implementations: in one process (the all-in-one app) inventory's own, which writes at once;
 * in the scaled topology one that publishes each change on `cwmp.device-changes` for inventory to
 * apply (durable once the call resolved; visible when inventory has applied it, typically within
 * tens of milliseconds: docs/architecture.md gives the measured delay).
 */
export interface InventoryWrites {
  /**
   * Adds and removes tags on every device matching the filter (a tag in both lists ends up
   * present); how many matched. Throws InvalidTagsError, and changes nothing, for a malformed tag
   * or when a matched device would hold more than MAX_TAGS_PER_DEVICE.
   */
  changeTags(filter: DeviceFilter, add: string[], remove: string[]): Promise<number>;
  /** An open fault of the same code and source counts up instead; once per faultId. */
  recordFault(fault: Omit<DeviceFault, 'count'>): Promise<void>;
  /** Among the device's recent events; once per eventId. */
  recordEvent(event: DeviceEventRecord): Promise<void>;
  /** False when no such fault is open. */
  clearFault(faultId: string): Promise<boolean>;
  /** The device with its parameters, events and faults; false when it was not known. */
  deleteDevice(deviceId: string): Promise<boolean>;
}
