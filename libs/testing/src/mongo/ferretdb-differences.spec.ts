import mongoose, { type Connection } from 'mongoose';
import { startFerretDb, type FerretDbServer } from './ferretdb-server';

/**
 * What FerretDB 1.24 does differently from MongoDB, as met by the Mongo adapters and written
 * down in docs/architecture.md ("MongoDB on FerretDB"): pinned here against the harness's own
 * FerretDB (never MONGODB_URI's server), so that a FerretDB upgrade that changes any of it shows
 * up here, and the adapters' workarounds can be revisited.
 */
describe('FerretDB 1.24 as the adapters met it', () => {
  let server: FerretDbServer;
  let connection: Connection;
  interface Doc {
    _id: string;
    tags: string[];
    list: number[];
    n: number;
  }
  const collection = () => {
    const db = connection.db;
    if (!db) throw new Error('not connected');
    return db.collection<Doc>('c');
  };
  /** The same collection, for documents of other shapes. */
  const loose = () => {
    const db = connection.db;
    if (!db) throw new Error('not connected');
    return db.collection<Record<string, unknown>>('c');
  };

  beforeAll(async () => {
    server = await startFerretDb();
    connection = await mongoose.createConnection(server.uri, { dbName: 'differences' }).asPromise();
  }, 600_000);
  afterAll(async () => {
    await connection?.close();
    await server?.stop();
  });
  beforeEach(async () => {
    await collection().deleteMany({});
    await collection().insertOne({ _id: 'doc', tags: ['a', 'b'], list: [1, 2, 3], n: 0 });
  });

  const notImplemented = { code: 238 };

  it('refuses partial and TTL indexes', async () => {
    await expect(
      loose().createIndex({ p: 1 }, { partialFilterExpression: { p: { $exists: true } } }),
    ).rejects.toMatchObject(notImplemented);
    await expect(loose().createIndex({ at: 1 }, { expireAfterSeconds: 60 })).rejects.toMatchObject(
      notImplemented,
    );
  });

  it('refuses $setWindowFields, $group with $push, $expr comparisons and pipeline updates', async () => {
    const window = {
      $setWindowFields: { sortBy: { n: 1 }, output: { r: { $documentNumber: {} } } },
    };
    await expect(collection().aggregate([window]).toArray()).rejects.toMatchObject(notImplemented);
    await expect(
      collection()
        .aggregate([{ $group: { _id: null, all: { $push: '$n' } } }])
        .toArray(),
    ).rejects.toMatchObject(notImplemented);
    await expect(collection().findOne({ $expr: { $gt: ['$n', 1] } })).rejects.toMatchObject(
      notImplemented,
    );
    await expect(collection().updateOne({ _id: 'doc' }, [{ $set: { n: 1 } }])).rejects.toThrow();
  });

  it('ignores a $pull condition and the $slice of a $push, without an error', async () => {
    await collection().updateOne({ _id: 'doc' }, { $pull: { tags: { $in: ['a'] } } });
    await collection().updateOne({ _id: 'doc' }, { $push: { list: { $each: [4], $slice: -2 } } });
    // MongoDB: tags ['b'], list [3, 4].
    expect(await collection().findOne({ _id: 'doc' })).toMatchObject({
      tags: ['a', 'b'],
      list: [1, 2, 3, 4],
    });
  });

  it('refuses field names with a dot or a leading $, which MongoDB 5+ stores', async () => {
    await expect(loose().insertOne({ m: { 'a.b': 1 } })).rejects.toThrow(/must not contain '\.'/);
    await expect(loose().insertOne({ m: { $x: 1 } })).rejects.toThrow(/must not start with '\$'/);
  });

  it('has no multi-document transactions, change streams or collations', async () => {
    const session = await connection.startSession();
    try {
      await expect(
        session.withTransaction(() => loose().insertOne({ t: 1 }, { session })),
      ).rejects.toThrow();
    } finally {
      await session.endSession();
    }
    const stream = collection().watch();
    await expect(stream.tryNext()).rejects.toMatchObject(notImplemented);
    await stream.close();
    await expect(
      collection()
        .find({}, { collation: { locale: 'en' } })
        .toArray(),
    ).rejects.toMatchObject(notImplemented);
  });

  it('loses concurrent updates of one document: no document-level atomicity', async () => {
    const writers = 100;
    await Promise.all(
      Array.from({ length: writers }, () =>
        collection().updateOne({ _id: 'doc' }, { $inc: { n: 1 } }),
      ),
    );
    // MongoDB counts every one.
    const counted = (await collection().findOne({ _id: 'doc' }))?.['n'];
    expect(counted).toBeLessThan(writers);
  });

  it('pushes down only a lookup by _id alone, which the harness’s build serves from the _id index', async () => {
    await loose().createIndex({ tags: 1 });
    const plan = async (filter: Record<string, unknown>) => {
      const explained = await collection().find(filter).explain('queryPlanner');
      return {
        pushdown: explained['filterPushdown'],
        plan: JSON.stringify(explained['queryPlanner']),
      };
    };
    const byId = await plan({ _id: 'doc' });
    // The rest is filtered in FerretDB, over every document of the collection, indexed or not.
    for (const other of [
      { tags: 'a' },
      { _id: { $in: ['doc', 'x'] } },
      { _id: { $gte: 'd', $lt: 'e' } },
    ])
      expect(await plan(other)).toMatchObject({
        pushdown: false,
        plan: expect.stringMatching(/SCAN/),
      });
    expect(byId.pushdown).toBe(true);
    // Unpatched, 1.24.2 writes the lookup as `->'$._id'` beside an index on `->"_id"`, which
    // SQLite does not match: a SCAN (80 ms at 50,000 documents). ID_LOOKUP_PATCH, ferretdb-build.ts.
    expect(byId.plan).toMatch(/SEARCH \S+ USING INDEX \S+__id_/);
  });
});
