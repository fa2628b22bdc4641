// The file-store contract, run against each adapter: the local directory always, GridFS on the
// harness's FerretDB (or the server MONGODB_URI names).
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { GridFSBucket, MongoClient, type Db } from 'mongodb';
import { useMongoServer, type ScratchDatabase } from '@acs/testing';
import { DirectoryFileStore } from './directory-file-store';
import { fileStoreContract } from './file-store.contract';
import { GridFsFileStore } from './gridfs-file-store';

const TEST_CHUNK_BYTES = 4096;

let directory = '';
fileStoreContract('local directory', {
  async create() {
    directory = await mkdtemp(join(tmpdir(), 'file-store-'));
    return new DirectoryFileStore(directory);
  },
  async cleanup() {
    await rm(directory, { recursive: true, force: true });
  },
});

describe('GridFS file store', () => {
  const mongo = useMongoServer();
  let scratch: ScratchDatabase | undefined;
  const dbOf = (database: ScratchDatabase): Db => {
    const { db } = database.connection;
    if (!db) throw new Error('scratch connection has no database');
    return db;
  };

  fileStoreContract('GridFS', {
    async create() {
      scratch = await mongo.scratchDatabase('firmware-files');
      return GridFsFileStore.open(dbOf(scratch), { chunkBytes: TEST_CHUNK_BYTES });
    },
    async cleanup() {
      await scratch?.drop();
    },
  });

  describe('in GridFS layout', () => {
    let db: Db;
    let store: GridFsFileStore;
    const body = randomBytes(10 * TEST_CHUNK_BYTES + 100);

    beforeEach(async () => {
      scratch = await mongo.scratchDatabase('firmware-files');
      db = dbOf(scratch);
      store = await GridFsFileStore.open(db, { chunkBytes: TEST_CHUNK_BYTES });
    });
    afterEach(() => scratch?.drop());

    it('writes what a GridFS reader reads, and leaves no chunk of a failed put', async () => {
      await store.put('image', Readable.from([body]));
      const read = await buffer(new GridFSBucket(db).openDownloadStreamByName('image'));
      expect(read.equals(body)).toBe(true);
      expect(await db.collection('fs.chunks').countDocuments({})).toBe(11);
      await expect(
        store.put('short', Readable.from([body]), { size: body.length + 1 }),
      ).rejects.toMatchObject({ code: 'incomplete' });
      expect(await db.collection('fs.chunks').countDocuments({})).toBe(11);
    });

    it('shows no file for chunks a crashed put left without a files document', async () => {
      await db
        .collection<{ _id: string; files_id: string; n: number; data: Buffer }>('fs.chunks')
        .insertOne({ _id: 'orphan/u1/0', files_id: 'orphan', n: 0, data: Buffer.from('x') });
      expect(await store.stat('orphan')).toBeUndefined();
      await expect(buffer(store.read('orphan'))).rejects.toMatchObject({ code: 'not-found' });
    });

    it('reads a range with one lookup by _id per chunk it touches', async () => {
      await store.put('image', Readable.from([body]));
      const client = await MongoClient.connect(mongo.uri, { monitorCommands: true });
      try {
        const watched = await GridFsFileStore.open(client.db(db.databaseName), {
          chunkBytes: TEST_CHUNK_BYTES,
        });
        const finds: unknown[] = [];
        client.on('commandStarted', (event) => {
          if (event.commandName === 'find') finds.push(event.command['filter']);
        });
        const start = 3 * TEST_CHUNK_BYTES + 10;
        const end = 5 * TEST_CHUNK_BYTES + 5;
        const read = await buffer(watched.read('image', { start, end }));
        expect(read.equals(body.subarray(start, end + 1))).toBe(true);
        expect(finds).toEqual([
          { _id: 'image' },
          ...[3, 4, 5].map((n) => ({ _id: expect.stringMatching(new RegExp(`^image/.+/${n}$`)) })),
        ]);
      } finally {
        await client.close();
      }
    });
  });
});
