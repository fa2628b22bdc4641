import { Inject, Injectable } from '@nestjs/common';
import type { DeviceFault, DeviceReads } from '@acs/device-store';
import type { InventoryWrites } from '@acs/inventory-writes';
import { NotFoundError } from '../errors/nbi-errors';
import { DEFAULT_PAGE_SIZE } from '../http/schemas';
import { DEVICE_STORE, INVENTORY_WRITES } from '../tokens';

@Injectable()
export class ListFaults {
  constructor(@Inject(DEVICE_STORE) private readonly devices: DeviceReads) {}

  async execute(input: {
    deviceId?: string;
    limit?: number;
    skip?: number;
  }): Promise<{ faults: DeviceFault[] }> {
    const faults = await this.devices.listFaults({
      ...(input.deviceId === undefined ? {} : { deviceId: input.deviceId }),
      limit: input.limit ?? DEFAULT_PAGE_SIZE,
      skip: input.skip ?? 0,
    });
    return { faults };
  }
}

@Injectable()
export class ClearFault {
  constructor(@Inject(INVENTORY_WRITES) private readonly inventory: InventoryWrites) {}

  async execute(faultId: string): Promise<void> {
    if (!(await this.inventory.clearFault(faultId))) {
      throw new NotFoundError('fault-not-found', `no open fault ${faultId}`);
    }
  }
}
