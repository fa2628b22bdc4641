import type { DeviceEventRecord, DeviceFault, DeviceFilter, DeviceStore } from '@acs/device-store';
import type { InventoryWrites } from './inventory-writes';

/**
 * The owner's writes: straight to the device store. What the all-in-one app hands the other
 * contexts, and what inventory applies `cwmp.device-changes` with.
 */
export class StoreInventoryWrites implements InventoryWrites {
  constructor(private readonly store: DeviceStore) {}

  changeTags(filter: DeviceFilter, add: string[], remove: string[]): Promise<number> {
    return this.store.updateTags(filter, add, remove);
  }

  async recordFault(fault: Omit<DeviceFault, 'count'>): Promise<void> {
    const { faultId, deviceId, occurredAt } = fault;
    await this.store.applyBatch([{ eventId: faultId, deviceId, occurredAt, addFaults: [fault] }]);
  }

  async recordEvent(event: DeviceEventRecord): Promise<void> {
    const { eventId, deviceId, occurredAt } = event;
    await this.store.applyBatch([{ eventId, deviceId, occurredAt, addEvents: [event] }]);
  }

  clearFault(faultId: string): Promise<boolean> {
    return this.store.clearFault(faultId);
  }

  deleteDevice(deviceId: string): Promise<boolean> {
    return this.store.delete(deviceId);
  }
}
