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
import mongoose, { type Connection } from 'mongoose';
import { recordQueries, useMongoServer, type ScratchDatabase } from '@acs/testing';
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

  describe("a device's open tasks (the open-task index)", () => {
    let connection: Connection;
    let store: MongoTaskStore;
    const reboot = (deviceId: string) => ({
      deviceId,
      type: 'reboot' as const,
      payload: { commandKey: 'k' },
      expiresInSeconds: 3600,
      connectionRequest: false,
    });
    const openIds = async (deviceId: string) =>
      (await store.list({ deviceId, status: ['pending', 'running'], limit: 100 })).tasks.map(
        (task) => task.id,
      );
    const indexed = async (deviceId: string) =>
      (await connection.collection('nbi_open_tasks').findOne({ _id: deviceId as never }))?.['open'];

    beforeEach(async () => {
      connection = await mongoose
        .createConnection(mongo.uri, { dbName: mongo.databaseName('tasks'), monitorCommands: true })
        .asPromise();
      store = await MongoTaskStore.open(connection);
    });
    afterEach(async () => {
      await connection.dropDatabase();
      await connection.close();
    });

    it('are read by _id lookups alone, which FerretDB serves from its _id index', async () => {
      for (const device of ['d1', 'd2', 'd3']) {
        for (let i = 0; i < 3; i++) await store.create(reboot(device));
      }
      const recording = recordQueries(connection);
      const pending = await store.list({ deviceId: 'd2', status: ['pending'], limit: 100 });
      const running = await store.list({ deviceId: 'd2', status: ['running'], limit: 100 });
      const queries = recording.stop();
      expect(pending.total).toBe(3);
      expect(running).toEqual({ tasks: [], total: 0 });
      expect(queries.length).toBeGreaterThan(0);
      for (const query of queries) {
        expect(Object.keys(query.filter)).toEqual(['_id']);
        expect(typeof query.filter['_id']).toBe('string');
      }
    });

    it('are found again when a store opens, after a crash left a task out of the index', async () => {
      const task = await store.create(reboot('d1'));
      await connection.collection('nbi_open_tasks').deleteOne({ _id: 'd1' as never });
      expect(await openIds('d1')).toEqual([]);
      store = await MongoTaskStore.open(connection);
      expect(await openIds('d1')).toEqual([task.id]);
    });

    it('lose the ids of tasks a crashed writer closed, at the next listing', async () => {
      const kept = await store.create(reboot('d1'));
      const closed = await store.create(reboot('d1'));
      // The close was written, and the writer died before taking the id out of the index.
      await connection
        .collection('nbi_tasks')
        .updateOne({ _id: closed.id as never }, { $set: { status: 'done' } });
      expect(await indexed('d1')).toEqual([kept.id, closed.id]);
      expect(await openIds('d1')).toEqual([kept.id]);
      expect(await indexed('d1')).toEqual([kept.id]);
    });
  });
});
