import type { DeviceUpdate, DeviceWentOffline } from '@acs/contracts';
import { offlineEventId } from './lifecycle';

export interface ExpiredDevice {
  deviceId: string;
  lastInform: string;
  onlineUntil?: string;
}

/**
 * A device whose online deadline passed without an Inform: the store marks it offline and OSS/BSS
 * hears it went offline, at the deadline it missed. Both carry an id derived from the device and
 * that deadline, so sweeps that overlap (two replicas, a retry) announce it once.
 */
export function wentOffline(
  device: ExpiredDevice,
  now: string,
): { update: DeviceUpdate; lifecycle: DeviceWentOffline } {
  const at = device.onlineUntil ?? now;
  const eventId = offlineEventId(device.deviceId, at);
  return {
    update: {
      eventId,
      deviceId: device.deviceId,
      occurredAt: at,
      upsert: { online: false },
      addEvents: [
        {
          eventId,
          deviceId: device.deviceId,
          occurredAt: at,
          kind: 'went-offline',
          detail: { lastInform: device.lastInform },
        },
      ],
    },
    lifecycle: {
      schemaVersion: 1,
      eventId,
      deviceId: device.deviceId,
      occurredAt: at,
      type: 'DeviceWentOffline',
      lastInform: device.lastInform,
    },
  };
}
