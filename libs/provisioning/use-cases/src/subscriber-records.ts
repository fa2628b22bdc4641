import type { SubscriberRecord } from '@acs/contracts';
import {
  InvalidSubscriberRecordError,
  type ConfigurationStore,
  type SubscriberStore,
} from '@acs/provisioning-data-access';
import { ConfigurationNotFoundError, SubscriberRecordRefusedError } from './errors';
import type { ProvisioningChangeListener } from './ports';

export interface SubscriberRecordPorts {
  /** Wrapped to mark pending work, so that the devices of changed records are re-evaluated. */
  subscribers: Pick<SubscriberStore, 'upsert'>;
  configurations: Pick<ConfigurationStore, 'get'>;
  changes: ProvisioningChangeListener;
}

/**
 * Stores subscriber records all or none, each replacing the record of its subscriberId, and
 * tells of each change. Every record's `profile` must name a configuration (an unknown one
 * would be a fault on every device it reaches): checked first, ConfigurationNotFoundError for
 * the first that does not; the store then refuses a malformed record or one naming no device
 * (SubscriberRecordRefusedError). Returns how many were stored.
 */
export async function storeSubscriberRecords(
  ports: SubscriberRecordPorts,
  records: SubscriberRecord[],
): Promise<number> {
  await checkProfiles(ports.configurations, records);
  let upserted: number;
  try {
    upserted = await ports.subscribers.upsert(records);
  } catch (error) {
    if (!(error instanceof InvalidSubscriberRecordError)) throw error;
    throw new SubscriberRecordRefusedError(
      { index: error.index, field: error.field },
      error.detail,
    );
  }
  for (const record of records) {
    await ports.changes.changed({ kind: 'subscriber', id: record.subscriberId });
  }
  return upserted;
}

async function checkProfiles(
  configurations: Pick<ConfigurationStore, 'get'>,
  records: SubscriberRecord[],
): Promise<void> {
  const known = new Map<string, boolean>();
  for (const [index, { profile }] of records.entries()) {
    if (profile === undefined) continue;
    let exists = known.get(profile);
    if (exists === undefined) {
      exists = (await configurations.get(profile)) !== null;
      known.set(profile, exists);
    }
    if (!exists) throw new ConfigurationNotFoundError(profile, { index, field: 'profile' });
  }
}
