import type { SubscriberRecord } from '@acs/contracts';
import type { SubscriberStore } from '@acs/provisioning-data-access';
import { requireDevices } from './devices';
import { ConfigurationNotFoundError } from './errors';
import type { DeviceLookup } from './ports';
import { storeSubscriberRecords, type SubscriberRecordPorts } from './subscriber-records';

export interface ApplyProfilePorts extends SubscriberRecordPorts {
  devices: DeviceLookup;
  subscribers: Pick<SubscriberStore, 'upsert' | 'findForDevice'>;
}

export interface ApplyProfileInput {
  deviceId: string;
  configurationId: string;
  /** Replaces the record's template data when given. */
  data?: Record<string, unknown>;
}

/**
 * Gives one known device a service profile: its subscriber record (found by device id, else by
 * serial number) gets `profile` = configurationId, and is pinned to the device it is now known
 * to be on; a device without a record gets one, with subscriberId `device:<deviceId>`.
 */
export class ApplyProfile {
  constructor(private readonly ports: ApplyProfilePorts) {}

  async execute(input: ApplyProfileInput): Promise<{ subscriberId: string; created: boolean }> {
    const { deviceId, configurationId, data } = input;
    const [device] = await requireDevices(this.ports.devices, [deviceId]);
    if (!(await this.ports.configurations.get(configurationId))) {
      throw new ConfigurationNotFoundError(configurationId);
    }
    const existing = await this.ports.subscribers.findForDevice({
      deviceId,
      ...(device?.oui ? { oui: device.oui } : {}),
      ...(device?.serialNumber ? { serialNumber: device.serialNumber } : {}),
    });
    const record: SubscriberRecord = existing
      ? { ...existing, deviceId, profile: configurationId, data: data ?? existing.data }
      : {
          subscriberId: `device:${deviceId}`,
          deviceId,
          profile: configurationId,
          data: data ?? {},
        };
    await storeSubscriberRecords(this.ports, [record]);
    return { subscriberId: record.subscriberId, created: existing === null };
  }
}
