import { Inject, Injectable } from '@nestjs/common';
import type { DeviceFault, DeviceStore } from '@acs/device-store';
import { NotFoundError } from '../errors/nbi-errors';
import { DEFAULT_PAGE_SIZE } from '../http/schemas';
import { DEVICE_STORE } from '../tokens';

@Injectable()
export class ListFaults {
  constructor(@Inject(DEVICE_STORE) private readonly devices: DeviceStore) {}

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
  constructor(@Inject(DEVICE_STORE) private readonly devices: DeviceStore) {}

  async execute(faultId: string): Promise<void> {
    if (!(await this.devices.clearFault(faultId))) {
      throw new NotFoundError('fault-not-found', `no open fault ${faultId}`);
    }
  }
}
