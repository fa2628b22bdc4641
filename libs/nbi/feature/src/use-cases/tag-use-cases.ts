import { Inject, Injectable } from '@nestjs/common';
import { validateFilter } from '@acs/device-store';
import type { DeviceStore } from '@acs/device-store';
import { InvalidInputError } from '../errors/nbi-errors';
import { DEVICE_STORE } from '../tokens';
import { deviceNotFound } from './device-use-cases';

@Injectable()
export class ChangeDeviceTag {
  constructor(@Inject(DEVICE_STORE) private readonly devices: DeviceStore) {}

  async execute(deviceId: string, tag: string, change: 'add' | 'remove'): Promise<void> {
    const matched = await this.devices.updateTags(
      { deviceId },
      change === 'add' ? [tag] : [],
      change === 'remove' ? [tag] : [],
    );
    if (matched === 0) throw deviceNotFound(deviceId);
  }
}

@Injectable()
export class ChangeTagsByFilter {
  constructor(@Inject(DEVICE_STORE) private readonly devices: DeviceStore) {}

  async execute(input: {
    filter: Record<string, unknown>;
    add?: string[];
    remove?: string[];
  }): Promise<{ matched: number }> {
    const add = input.add ?? [];
    const remove = input.remove ?? [];
    if (add.length === 0 && remove.length === 0) {
      throw new InvalidInputError('add', 'give at least one tag to add or remove');
    }
    validateFilter(input.filter);
    return { matched: await this.devices.updateTags(input.filter, add, remove) };
  }
}
