import { Static, Type } from '@sinclair/typebox';
import { validatorFor } from '../validation';

/**
 * What the OSS/BSS knows about the subscriber behind a device: which service profile (a
 * configuration id) it should get and the data its templates fill in (`{{subscriber:wifi.ssid}}`).
 * A record names its device by device id, or by serial number (and OUI, when serial numbers
 * could collide between vendors) for devices not yet seen.
 */
export const SubscriberRecordSchema = Type.Object(
  {
    subscriberId: Type.String({ minLength: 1, maxLength: 128 }),
    deviceId: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
    serialNumber: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    oui: Type.Optional(Type.String({ minLength: 1, maxLength: 6 })),
    /** The configuration applied as this subscriber's service profile. */
    profile: Type.Optional(Type.String({ minLength: 1 })),
    data: Type.Record(Type.String(), Type.Unknown()),
  },
  { additionalProperties: false, $id: 'SubscriberRecord' },
);
export type SubscriberRecord = Static<typeof SubscriberRecordSchema>;

export const validateSubscriberRecord = validatorFor(SubscriberRecordSchema);

/** A record must name a device one way or the other. */
export function subscriberNamesDevice(record: SubscriberRecord): boolean {
  return record.deviceId !== undefined || record.serialNumber !== undefined;
}
