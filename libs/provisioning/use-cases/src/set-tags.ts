import { InvalidTagsError, validateFilter, type DeviceFilter } from '@acs/device-store';
import { requireDevices } from './devices';
import { TagChangeRefusedError } from './errors';
import type { DeviceLookup, DeviceTagWrites } from './ports';

export interface SetTagsPorts {
  devices: DeviceLookup;
  inventory: DeviceTagWrites;
}

/**
 * Which devices: `deviceIds`, each of which must be known (DeviceNotFoundError lists those that
 * are not, and no device is changed), or every device matching `filter` (the device API's query
 * language; InvalidFilterError for one it refuses), however many that is.
 */
export type TagTarget = { deviceIds: readonly string[] } | { filter: DeviceFilter };

export type SetTagsInput = TagTarget & { add: readonly string[]; remove: readonly string[] };

/**
 * Adds and removes tags (a tag in both lists ends up present) on the devices targeted, and says
 * how many matched. All or nothing: a change naming no tag, a malformed tag, or one that would
 * give a device more tags than the store allows is refused whole (TagChangeRefusedError) and
 * changes no device.
 */
export class SetTags {
  constructor(private readonly ports: SetTagsPorts) {}

  async execute(input: SetTagsInput): Promise<{ matched: number }> {
    const { add, remove } = input;
    if (add.length === 0 && remove.length === 0) {
      throw new TagChangeRefusedError(
        'no-change',
        'add',
        'add: give at least one tag to add or remove',
      );
    }
    let filter: DeviceFilter;
    if ('deviceIds' in input) {
      await requireDevices(this.ports.devices, input.deviceIds);
      filter =
        input.deviceIds.length === 1
          ? { deviceId: input.deviceIds[0] }
          : { deviceId: { $in: [...input.deviceIds] } };
    } else {
      validateFilter(input.filter);
      filter = input.filter;
    }
    return { matched: await this.changeTags(filter, [...add], [...remove]) };
  }

  /** The one write, made by inventory, the devices' owner. */
  private async changeTags(filter: DeviceFilter, add: string[], remove: string[]): Promise<number> {
    try {
      return await this.ports.inventory.changeTags(filter, add, remove);
    } catch (error) {
      if (!(error instanceof InvalidTagsError)) throw error;
      throw error.code === 'too-many-tags'
        ? new TagChangeRefusedError('too-many-tags', 'tags', error.message)
        : new TagChangeRefusedError('invalid-tag', 'tags', error.message);
    }
  }
}
