// The image store contract, run against each backend: embedded always, MongoDB on the harness's
// FerretDB (or the server MONGODB_URI names).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useMongoServer, type ScratchDatabase } from '@acs/testing';
import {
  openEmbeddedFirmwareStores,
  openMongoFirmwareStores,
  type FirmwareStores,
} from './firmware-stores';
import { backupPolicyStoreContract } from './backups/backup-policy-store.contract';
import { campaignStoreContract } from './campaigns/campaign-store.contract';
import {
  hg8245Image,
  imageStoreContract,
  type FirmwareStoresHarness,
} from './images/image-store.contract';

let dataDir = '';
let embedded: FirmwareStores | undefined;
imageStoreContract('embedded (SQLite)', {
  async create(clock) {
    dataDir = mkdtempSync(join(tmpdir(), 'firmware-stores-'));
    embedded = openEmbeddedFirmwareStores(dataDir, { now: clock.now });
    return embedded;
  },
  async cleanup() {
    await embedded?.close();
    rmSync(dataDir, { recursive: true, force: true });
  },
});

campaignStoreContract('embedded (SQLite)', {
  async create(clock) {
    dataDir = mkdtempSync(join(tmpdir(), 'firmware-stores-'));
    embedded = openEmbeddedFirmwareStores(dataDir, { now: clock.now });
    return embedded.campaigns;
  },
  async cleanup() {
    await embedded?.close();
    rmSync(dataDir, { recursive: true, force: true });
  },
});

backupPolicyStoreContract('embedded (SQLite)', {
  async create(clock) {
    dataDir = mkdtempSync(join(tmpdir(), 'firmware-stores-'));
    embedded = openEmbeddedFirmwareStores(dataDir, { now: clock.now });
    return embedded.backupPolicies;
  },
  async cleanup() {
    await embedded?.close();
    rmSync(dataDir, { recursive: true, force: true });
  },
});

describe('embedded firmware stores on disk', () => {
  it('find their images again after a reopen', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'firmware-stores-'));
    try {
      const first = openEmbeddedFirmwareStores(dir);
      const image = await first.images.create(hg8245Image('2.1'));
      await first.close();
      const second = openEmbeddedFirmwareStores(dir);
      expect(await second.images.get(image.id)).toEqual(image);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Mongo firmware stores', () => {
  const mongo = useMongoServer();
  let scratch: ScratchDatabase | undefined;
  const harness: FirmwareStoresHarness = {
    async create(clock) {
      scratch = await mongo.scratchDatabase('firmware');
      return openMongoFirmwareStores(scratch.connection, { now: clock.now });
    },
    async cleanup() {
      await scratch?.drop();
    },
  };
  imageStoreContract('mongo', harness);
  campaignStoreContract('mongo', {
    create: async (clock) => (await harness.create(clock)).campaigns,
    cleanup: harness.cleanup,
  });
  backupPolicyStoreContract('mongo', {
    create: async (clock) => (await harness.create(clock)).backupPolicies,
    cleanup: harness.cleanup,
  });
});
