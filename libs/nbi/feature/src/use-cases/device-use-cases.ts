import { Inject, Injectable } from '@nestjs/common';
import { validateDeviceQuery } from '@acs/device-store';
import type { DevicePage, DeviceQuery, DeviceReads, ProjectedDevice } from '@acs/device-store';
import type { InventoryWrites } from '@acs/inventory-writes';
import type { TaskStore } from '@acs/provisioning-data-access';
import { InvalidInputError, NotFoundError } from '../errors/nbi-errors';
import { DEFAULT_PAGE_SIZE } from '../http/schemas';
import { DEVICE_STORE, INVENTORY_WRITES, TASK_STORE } from '../tokens';
import { deviceView, namesSecretParameter } from './views';

export interface ListDevicesInput {
  filter?: unknown;
  /** Comma-separated, as the query parameter holds it. */
  projection?: string;
  sort?: unknown;
  limit?: number;
  skip?: number;
  cursor?: string;
  total?: boolean;
}

export function deviceNotFound(deviceId: string): NotFoundError {
  return new NotFoundError('device-not-found', `no device ${deviceId}`);
}

@Injectable()
export class ListDevices {
  constructor(@Inject(DEVICE_STORE) private readonly devices: DeviceReads) {}

  async execute(input: ListDevicesInput): Promise<DevicePage<ProjectedDevice>> {
    const query: DeviceQuery = {
      filter: (input.filter ?? {}) as DeviceQuery['filter'],
      limit: input.limit ?? DEFAULT_PAGE_SIZE,
      withTotal: input.total ?? true,
    };
    if (input.projection !== undefined) query.projection = projectionList(input.projection);
    if (input.sort !== undefined) query.sort = input.sort as DeviceQuery['sort'];
    if (input.skip !== undefined) query.skip = input.skip;
    if (input.cursor !== undefined) query.cursor = input.cursor;
    // The whitelist: $where, $function, $accumulator, unknown fields... throw InvalidFilterError (400).
    validateDeviceQuery(query);
    const secret = namesSecretParameter([...fieldsOf(query.filter), ...fieldsOf(query.sort)]);
    if (secret !== undefined)
      throw new InvalidInputError(
        'filter',
        `${secret} holds a secret: its value can be neither filtered nor sorted on`,
        'secret-parameter',
      );
    const page = await this.devices.find(query);
    return { ...page, devices: page.devices.map(deviceView) };
  }
}

/** Every field name a (validated) filter or sort uses, at any depth of $and, $or, $not... */
function fieldsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(fieldsOf);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) => [key, ...fieldsOf(inner)]);
}

/** The projection query parameter as the device store takes it. */
function projectionList(projection: string): string[] {
  return projection.split(',').map((field) => field.trim());
}

export interface GetDeviceInput {
  subtree?: string;
  /** Comma-separated, as in ListDevicesInput. */
  projection?: string;
}

@Injectable()
export class GetDevice {
  constructor(@Inject(DEVICE_STORE) private readonly devices: DeviceReads) {}

  async execute(deviceId: string, input: GetDeviceInput = {}): Promise<ProjectedDevice> {
    if (input.projection !== undefined) return this.projected(deviceId, input);
    const { subtree } = input;
    const device = await this.devices.get(
      deviceId,
      subtree === undefined ? undefined : { subtree },
    );
    if (!device) throw deviceNotFound(deviceId);
    return deviceView(device);
  }

  /** Through the same query as the list, so both accept and answer projections alike. */
  private async projected(deviceId: string, input: GetDeviceInput): Promise<ProjectedDevice> {
    if (input.subtree !== undefined) {
      // Two ways to narrow the parameters at once would leave an operator guessing which won.
      throw new InvalidInputError(
        'subtree',
        'not with projection: name the subtree in the projection as parameters.<path>',
      );
    }
    const query: DeviceQuery = {
      filter: { deviceId },
      projection: projectionList(input.projection ?? ''),
      limit: 1,
      withTotal: false,
    };
    validateDeviceQuery(query);
    const [device] = (await this.devices.find(query)).devices;
    if (!device) throw deviceNotFound(deviceId);
    return deviceView(device);
  }
}

@Injectable()
export class DeleteDevice {
  constructor(
    @Inject(INVENTORY_WRITES) private readonly inventory: InventoryWrites,
    @Inject(TASK_STORE) private readonly tasks: TaskStore,
  ) {}

  /** Its tasks go with it: they could never run. */
  async execute(deviceId: string): Promise<void> {
    if (!(await this.inventory.deleteDevice(deviceId))) throw deviceNotFound(deviceId);
    await this.tasks.deleteForDevice(deviceId);
  }
}

/** Whether a device is known, without reading its tree. */
export async function deviceExists(devices: DeviceReads, deviceId: string): Promise<boolean> {
  const page = await devices.find({
    filter: { deviceId },
    projection: ['deviceId'],
    limit: 1,
  });
  return page.devices.length > 0;
}
