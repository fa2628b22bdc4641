// Every provisioning store's contract suite, run against each backend: embedded always, MongoDB
// on the harness's FerretDB (or the server MONGODB_URI names).
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { commandLogContract } from './commands/command-log.contract';
import { EmbeddedCommandLog } from './commands/embedded-command-log';
import {
  presetOf,
  versionedStoreContract,
  wifiConfiguration,
} from './documents/versioned-store.contract';
import { openProvisioningDatabase } from './embedded/provisioning-database';
import {
  openEmbeddedProvisioningStores,
  openMongoProvisioningStores,
  ProvisioningStores,
} from './provisioning-stores';
import { subscriberStoreContract } from './subscribers/subscriber-store.contract';
import { ManualClock } from '@acs/testing';
import { useMongoServer, type ScratchDatabase } from '@acs/testing';
import type { ProvisioningStoresHarness } from './test-support/stores-harness';

const contracts = [versionedStoreContract, subscriberStoreContract, commandLogContract];

function embeddedHarness(): ProvisioningStoresHarness {
  let dataDir = '';
  let stores: ProvisioningStores | undefined;
  return {
    async create(clock) {
      dataDir = mkdtempSync(join(tmpdir(), 'provisioning-stores-'));
      stores = openEmbeddedProvisioningStores(dataDir, { now: clock.now });
      return stores;
    },
    async cleanup() {
      await stores?.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

for (const contract of contracts) contract('embedded (SQLite)', embeddedHarness());

describe('embedded provisioning stores on disk', () => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'provisioning-stores-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('find their documents, history, revision and subscribers again after a reopen', async () => {
    const first = openEmbeddedProvisioningStores(dir);
    const configuration = await first.configurations.create(wifiConfiguration('one'));
    await first.configurations.replace(configuration.id, wifiConfiguration('two'), 1);
    const preset = await first.presets.create(presetOf(configuration.id));
    await first.subscribers.upsert([{ subscriberId: 's1', serialNumber: 'SN1', data: {} }]);
    const revision = await first.presets.revision();
    await first.close();

    const second = openEmbeddedProvisioningStores(dir);
    try {
      expect(
        (await second.configurations.versions(configuration.id)).map((v) => v.version),
      ).toEqual([2, 1]);
      expect(await second.presets.get(preset.id)).toEqual(preset);
      expect(await second.presets.revision()).toBe(revision);
      expect(await second.subscribers.get('s1')).toMatchObject({ serialNumber: 'SN1' });
    } finally {
      await second.close();
    }
  });

  it('lets one claim win between two processes sharing the file', async () => {
    // Two connections stand for two processes: each claim is decided by SQLite, not in memory.
    const clock = new ManualClock();
    const one = openProvisioningDatabase(dir);
    const two = openProvisioningDatabase(dir);
    try {
      const a = new EmbeddedCommandLog(one, { now: clock.now });
      const b = new EmbeddedCommandLog(two, { now: clock.now });
      expect((await a.claim('cmd-1', { by: 'a' })).claimed).toBe(true);
      expect(await b.claim('cmd-1', { by: 'b' })).toMatchObject({
        claimed: false,
        record: { command: { by: 'a' } },
      });
    } finally {
      one.close();
      two.close();
    }
  });
});

describe('Mongo provisioning stores', () => {
  const mongo = useMongoServer();
  let scratch: ScratchDatabase | undefined;
  const harness: ProvisioningStoresHarness = {
    async create(clock) {
      scratch = await mongo.scratchDatabase('provisioning');
      return openMongoProvisioningStores(scratch.connection, { now: clock.now });
    },
    async cleanup() {
      await scratch?.drop();
    },
  };
  for (const contract of contracts) contract('mongo', harness);
});
