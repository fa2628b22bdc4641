import { SubscriberRecord, subscriberNamesDevice, validateSubscriberRecord } from '@acs/contracts';

/**
 * What the OSS/BSS told us about subscribers: one record per subscriberId, naming its device by
 * device id, or by serial number (and OUI) for a device not yet seen. Provisioning looks a
 * device's record up on each evaluation; the operator API and acs.commands write them.
 */
export interface DeviceIdentity {
  deviceId: string;
  oui?: string;
  serialNumber?: string;
}

export interface SubscriberPage {
  subscribers: SubscriberRecord[];
  total: number;
}

export interface SubscriberStore {
  /**
   * Stores the records, each replacing any record of its subscriberId, all or none: every record
   * is checked first (InvalidSubscriberRecordError names the first bad one). Returns how many.
   */
  upsert(records: SubscriberRecord[]): Promise<number>;
  /**
   * The device's record: the one naming its deviceId, else one naming its serial number (with its
   * OUI when the record gives one) and no other device id. Where several match, the one written
   * last wins (a device handed to a new subscriber).
   */
  findForDevice(identity: DeviceIdentity): Promise<SubscriberRecord | null>;
  get(subscriberId: string): Promise<SubscriberRecord | null>;
  /** False when there was no such record. */
  delete(subscriberId: string): Promise<boolean>;
  /** In subscriberId order. */
  list(page: { limit: number; skip?: number }): Promise<SubscriberPage>;
  /** Subscriber ids whose profile is that configuration (at most `limit`), in id order. */
  subscribersWithProfile(configurationId: string, limit: number): Promise<string[]>;
}

/** A record a store refuses; `index` is its place in the batch, `field` the bad part of it. */
export class InvalidSubscriberRecordError extends Error {
  constructor(
    readonly index: number,
    readonly field: string,
    readonly detail: string,
  ) {
    super(`record ${index}: ${field}: ${detail}`);
    this.name = 'InvalidSubscriberRecordError';
  }
}

/** The checks every adapter runs before writing a batch. */
export function checkSubscriberRecords(records: readonly unknown[]): SubscriberRecord[] {
  const seen = new Map<string, number>();
  return records.map((record, index) => {
    const checked = validateSubscriberRecord(record);
    if (!checked.ok) {
      const first = checked.errors[0] ?? '/: invalid';
      const separator = first.indexOf(': ');
      const pointer = separator < 0 ? '' : first.slice(0, separator);
      const field =
        pointer
          .split('/')
          .filter((part) => part !== '')
          .join('.') || 'record';
      throw new InvalidSubscriberRecordError(index, field, first.slice(separator + 2));
    }
    if (!subscriberNamesDevice(checked.value)) {
      throw new InvalidSubscriberRecordError(
        index,
        'deviceId',
        'names no device: give deviceId, or serialNumber (and oui)',
      );
    }
    const earlier = seen.get(checked.value.subscriberId);
    if (earlier !== undefined) {
      throw new InvalidSubscriberRecordError(
        index,
        'subscriberId',
        `repeats record ${earlier}: one record per subscriber in a batch`,
      );
    }
    seen.set(checked.value.subscriberId, index);
    return checked.value;
  });
}
