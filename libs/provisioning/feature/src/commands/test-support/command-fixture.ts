import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedDeviceStore } from '@acs/device-store';
import type { EventPublisher } from '@acs/event-bus';
import { StoreInventoryWrites } from '@acs/inventory-writes';
import {
  openEmbeddedProvisioningStores,
  type ProvisioningStores,
} from '@acs/provisioning-data-access';
import type { ProvisioningLog } from '../../ports';
import type { CommandPorts, ConnectionRequestPort } from '../command-ports';

/**
 * The one port not runnable here: connection requests need the real connection-request service
 * and a CPE listening. It records which devices were asked and answers the outcome set.
 */
export class RecordingConnectionRequests implements ConnectionRequestPort {
  readonly woken: string[] = [];
  answer: { outcome: string; detail?: string } = { outcome: 'ok' };

  async wake(deviceId: string): Promise<{ outcome: string; detail?: string }> {
    this.woken.push(deviceId);
    return this.answer;
  }
}

export class RecordingLog implements ProvisioningLog {
  readonly lines: Array<{ level: string; message: string; fields?: Record<string, unknown> }> = [];
  info(message: string, fields?: Record<string, unknown>) {
    this.lines.push({ level: 'info', message, ...(fields ? { fields } : {}) });
  }
  warn(message: string, fields?: Record<string, unknown>) {
    this.lines.push({ level: 'warn', message, ...(fields ? { fields } : {}) });
  }
  error(message: string, fields?: Record<string, unknown>) {
    this.lines.push({ level: 'error', message, ...(fields ? { fields } : {}) });
  }
}

/** The embedded stores every command uses, in a fresh directory, with the device ids seeded. */
export class CommandFixture {
  readonly directory = mkdtempSync(join(tmpdir(), 'acs-commands-'));
  readonly devices = new EmbeddedDeviceStore({ directory: this.directory, synchronous: 'normal' });
  readonly provisioning: ProvisioningStores = openEmbeddedProvisioningStores(this.directory);
  readonly connectionRequests = new RecordingConnectionRequests();
  readonly log = new RecordingLog();
  /** What the commands announced as changed (the operator API's onProvisioningChange). */
  readonly changes: Array<{ kind: string; id: string }> = [];

  ports(publisher: EventPublisher): CommandPorts {
    return {
      tasks: this.provisioning.tasks,
      devices: this.devices,
      inventory: new StoreInventoryWrites(this.devices),
      subscribers: this.provisioning.subscribers,
      configurations: this.provisioning.configurations,
      commands: this.provisioning.commands,
      publisher,
      connectionRequests: this.connectionRequests,
      changes: {
        changed: async (change) => {
          this.changes.push(change);
        },
      },
      log: this.log,
    };
  }

  /** What inventory writes for a device's first Inform. */
  async seedDevice(deviceId: string, serialNumber: string): Promise<void> {
    await this.devices.applyBatch([
      {
        eventId: `seed-${deviceId}`,
        deviceId,
        occurredAt: '2026-11-21T09:00:00.000Z',
        upsert: {
          oui: '00D09E',
          productClass: 'HG8245',
          serialNumber,
          manufacturer: 'Acme',
          dataModelRoot: 'Device.',
          lastInform: '2026-11-21T09:00:00.000Z',
          online: true,
        },
      },
    ]);
  }

  async tagsOf(deviceId: string): Promise<string[] | undefined> {
    return (await this.devices.get(deviceId))?.tags;
  }

  async close(): Promise<void> {
    await this.devices.close();
    await this.provisioning.close();
    rmSync(this.directory, { recursive: true, force: true });
  }
}
