import { faultClearedEvent, taskFaultSource, type Task, type TaskFault } from '@acs/contracts';
import type { DeviceReads } from '@acs/device-store';
import type { InventoryWrites } from '@acs/inventory-writes';
import {
  resolvedFaults,
  type FaultResolution,
  type SessionProgress,
} from '@acs/provisioning-domain';
import type { ProvisioningEvents } from './provisioning-events';

export interface ProvisioningFault {
  code: string;
  message: string;
  /** Presets or profile involved (`preset:<id>`, `subscriber:<id>`). */
  sources: string[];
}

/** Open faults of one device read to find those a success resolves: more is not plausible. */
const OPEN_FAULTS_READ = 100;

/**
 * The device faults provisioning raises and clears. A fault is identified by its cause, the
 * store's (device, code, source): a recurrence counts up on the open fault rather than piling
 * up, and the cause going away (`resolvedFaults`) finds it again. Raising: why a device's presets
 * could not be applied (also ProvisioningFaultRaised on `acs.events`), and each failed attempt of
 * a task (source `task:<id>`; TaskFailed says it on `acs.events`). Ids derive from the session,
 * task attempt or fault, so a redelivery records and announces nothing twice.
 */
export class ProvisioningFaults {
  constructor(
    private readonly inventory: InventoryWrites,
    private readonly devices: DeviceReads,
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

  /** A task's attempt failed: a device fault of the task, counted per code. */
  async taskFailed(task: Task, attempt: number, fault: TaskFault, event: string): Promise<void> {
    await this.inventory.recordFault({
      faultId: `task:${task.id}:${attempt}:${event}`,
      deviceId: task.deviceId,
      code: fault.code,
      message: fault.message,
      source: taskFaultSource(task.id),
      occurredAt: this.now().toISOString(),
    });
  }

  /**
   * Clears the device's open faults whose cause went away, each announced as FaultCleared
   * (`resolved`). The event goes out before the clear: a crash between the two leaves the fault
   * open, found again on the redelivery, and announced again under the same id.
   */
  async resolve(deviceId: string, resolution: FaultResolution): Promise<void> {
    const open = await this.devices.listFaults({ deviceId, limit: OPEN_FAULTS_READ });
    for (const fault of resolvedFaults(resolution, open)) {
      const { eventId, type, faultId, code, source, clearedBy } = faultClearedEvent(
        fault,
        'resolved',
        this.now().toISOString(),
      );
      await this.events.publish(deviceId, eventId, { type, faultId, code, source, clearedBy });
      await this.inventory.clearFault(faultId);
    }
  }
}
