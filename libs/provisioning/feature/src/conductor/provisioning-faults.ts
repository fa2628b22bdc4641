import type { InventoryWrites } from '@acs/inventory-writes';
import type { SessionProgress } from '@acs/provisioning-domain';
import type { ProvisioningEvents } from './provisioning-events';

export interface ProvisioningFault {
  code: string;
  message: string;
  /** Presets or profile involved (`preset:<id>`, `subscriber:<id>`). */
  sources: string[];
}

/**
 * Records why a device's presets could not be applied: as a device fault operators see in the
 * API (a recurrence counts up rather than piling up), and on `acs.events`. Ids derive from the
 * session and code, so a redelivery records nothing twice.
 */
export class ProvisioningFaults {
  constructor(
    private readonly inventory: InventoryWrites,
    private readonly events: ProvisioningEvents,
    private readonly now: () => Date,
  ) {}

  async raise(progress: SessionProgress, fault: ProvisioningFault): Promise<void> {
    const occurredAt = this.now().toISOString();
    const id = `provisioning:${progress.sessionId}:${fault.code}`;
    await this.inventory.recordFault({
      faultId: id,
      deviceId: progress.deviceId,
      code: fault.code,
      message: fault.message,
      source: `provisioning ${fault.sources.join(', ')}`.trim(),
      occurredAt,
    });
    await this.events.publish(progress.deviceId, id, {
      type: 'ProvisioningFaultRaised',
      code: fault.code,
      message: fault.message,
      sources: fault.sources,
    });
  }
}
