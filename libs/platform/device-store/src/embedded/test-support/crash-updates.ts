import { DeviceUpdate } from '../../device-store';

export const CRASH_DEVICES = 10;

/** Update number n: one parameter and one event that exist only if update n was applied. */
export function crashUpdate(n: number): DeviceUpdate {
  const deviceId = crashDevice(n);
  const occurredAt = new Date(Date.UTC(2026, 0, 1) + n).toISOString();
  return {
    eventId: `crash-${n}`,
    deviceId,
    occurredAt,
    upsert: {
      oui: '00D09E',
      productClass: 'CRASH',
      serialNumber: deviceId,
      lastInform: occurredAt,
      online: true,
    },
    setParameters: [
      {
        path: `Device.Test.P${n}`,
        object: false,
        value: n,
        type: 'unsignedInt',
        valueAt: occurredAt,
      },
    ],
    addEvents: [{ eventId: `crash-${n}`, deviceId, occurredAt, kind: 'inform', detail: { n } }],
  };
}

export const crashDevice = (n: number): string => `crash-${n % CRASH_DEVICES}`;
