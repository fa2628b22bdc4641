import { Inject, Injectable } from '@nestjs/common';
import type { DeviceFault, DeviceReads } from '@acs/device-store';
import { faultClearedEvent, TOPICS } from '@acs/contracts';
import type { EventPublisher } from '@acs/event-bus';
import type { InventoryWrites } from '@acs/inventory-writes';
import { NotFoundError } from '../errors/nbi-errors';
import { DEFAULT_PAGE_SIZE } from '../http/schemas';
import { AUDIT_EVENTS, DEVICE_STORE, INVENTORY_WRITES } from '../tokens';

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

/**
 * An operator clears a fault: FaultCleared (`operator`) on acs.events, then the clear. The event
 * goes first so that a clear is never left unannounced; its id derives from the fault, so a
 * retried request, or the platform resolving the same fault meanwhile, is one event to consumers.
 */
@Injectable()
export class ClearFault {
  constructor(
    @Inject(DEVICE_STORE) private readonly devices: DeviceReads,
    @Inject(INVENTORY_WRITES) private readonly inventory: InventoryWrites,
    @Inject(AUDIT_EVENTS) private readonly publisher: EventPublisher,
  ) {}

  async execute(faultId: string): Promise<void> {
    const fault = await this.devices.fault(faultId);
    if (!fault) throw new NotFoundError('fault-not-found', `no open fault ${faultId}`);
    const event = faultClearedEvent(fault, 'operator', new Date().toISOString());
    await this.publisher.publish({
      topic: TOPICS.events,
      key: fault.deviceId,
      value: JSON.stringify(event),
    });
    if (!(await this.inventory.clearFault(faultId))) {
      throw new NotFoundError('fault-not-found', `no open fault ${faultId}`);
    }
  }
}
