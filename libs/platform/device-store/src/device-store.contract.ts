/**
 * The behaviour every DeviceStore adapter must have, as an API user would notice it. Each
 * adapter's spec runs it: `describeDeviceStoreContract('embedded', (options) => ...)`.
 */
import { DeviceStore } from './device-store';
import { devicesContract } from './contract/devices.contract';
import { ContractContext } from './contract/fixtures';
import { findContract } from './contract/find.contract';
import { historyContract } from './contract/history.contract';
import { pagingContract } from './contract/paging.contract';
import { parametersContract } from './contract/parameters.contract';

export interface ContractStoreOptions {
  /** The store must keep this many events per device. */
  eventsPerDevice: number;
}

/** Opens a fresh, empty store; the suite closes it after each test. */
export type DeviceStoreFactory = (options: ContractStoreOptions) => Promise<DeviceStore>;

const EVENTS_PER_DEVICE = 5;

export function describeDeviceStoreContract(name: string, factory: DeviceStoreFactory): void {
  describe(`${name}: device store contract`, () => {
    let current: DeviceStore | null = null;
    const ctx: ContractContext = {
      eventsPerDevice: EVENTS_PER_DEVICE,
      store() {
        if (!current) throw new Error('no store: the contract opens one before each test');
        return current;
      },
    };
    beforeEach(async () => {
      current = await factory({ eventsPerDevice: EVENTS_PER_DEVICE });
    });
    afterEach(async () => {
      await current?.close();
      current = null;
    });

    describe('devices', () => devicesContract(ctx));
    describe('parameters', () => parametersContract(ctx));
    describe('events and faults', () => historyContract(ctx));
    describe('find: filters', () => findContract(ctx));
    describe('find: projection, sort and paging', () => pagingContract(ctx));
  });
}
