// One contract suite, run against every adapter: embedded always, MongoDB on the harness's FerretDB
// (or the server MONGODB_URI names).
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import {
  openProvisioningDatabase,
  type ProvisioningDatabase,
} from '../embedded/provisioning-database';
import { ManualClock } from '@acs/testing';
import { EmbeddedTaskStore } from './embedded-task-store';
import { taskStoreContract } from './task-store.contract';
import { useMongoServer, type ScratchDatabase } from '@acs/testing';
import { MongoTaskStore } from './mongo-task-store';

let dataDir = '';
let db: ProvisioningDatabase | undefined;

taskStoreContract('embedded (SQLite)', {
  async create(clock) {
    dataDir = mkdtempSync(join(tmpdir(), 'provisioning-tasks-'));
    db = openProvisioningDatabase(dataDir);
    return new EmbeddedTaskStore(db, { now: clock.now });
  },
  async cleanup() {
    db?.close();
    rmSync(dataDir, { recursive: true, force: true });
  },
});

describe('embedded task store on disk', () => {
  it('finds its tasks again after the file is closed and reopened', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'provisioning-tasks-'));
    try {
      const clock = new ManualClock();
      const first = openProvisioningDatabase(dir);
      const task = await new EmbeddedTaskStore(first, { now: clock.now }).create({
        deviceId: 'dev-1',
        type: 'factoryReset',
        payload: {},
        expiresInSeconds: 60,
        connectionRequest: false,
      });
      first.close();
      const second = openProvisioningDatabase(dir);
      expect(await new EmbeddedTaskStore(second).get(task.id)).toEqual(task);
      expect(second.pragma('journal_mode', { simple: true })).toBe('wal');
      second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('MongoTaskStore', () => {
  const mongo = useMongoServer();
  let scratch: ScratchDatabase | undefined;

  taskStoreContract('mongo', {
    async create(clock) {
      scratch = await mongo.scratchDatabase('nbi');
      return MongoTaskStore.open(scratch.connection, { now: clock.now });
    },
    async cleanup() {
      await scratch?.drop();
    },
  });
});
