import type { SubscriberRecord } from '@acs/contracts';
import { storeSubscriberRecords, type SubscriberRecordPorts } from './subscriber-records';

export type LoadSubscribersPorts = SubscriberRecordPorts;

/**
 * Loads a batch of subscriber records (zero-touch data from the operator or the OSS): all or
 * none, each replacing the record of its subscriberId. Refused whole, storing nothing, for a
 * profile naming no configuration (ConfigurationNotFoundError, with the record's position) or a
 * record the store refuses (SubscriberRecordRefusedError).
 */
export class LoadSubscribers {
  constructor(private readonly ports: LoadSubscribersPorts) {}

  async execute(input: { records: SubscriberRecord[] }): Promise<{ upserted: number }> {
    return { upserted: await storeSubscriberRecords(this.ports, input.records) };
  }
}
