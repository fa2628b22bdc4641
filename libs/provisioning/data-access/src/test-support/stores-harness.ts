import type { ProvisioningStores } from '../provisioning-stores';
import type { ManualClock } from '@acs/testing';

/** How a contract suite gets stores over empty storage, reading time from `clock`. */
export interface ProvisioningStoresHarness {
  create(clock: ManualClock): Promise<ProvisioningStores>;
  /** Releases what create() opened (called after each test). */
  cleanup(): Promise<void>;
}
