import mongoose, { type Connection } from 'mongoose';
import { FERRETDB_WRITES_PER_COMMAND, useMongoServer } from '@acs/testing';
import { DeviceFilter, DeviceQuery, DeviceUpdate } from '../device-store';
import { at, change, inform, leaf, object, unique } from '../contract/fixtures';
import { MongoDeviceStore } from './mongo-device-store';
import { indexUseOf, IndexKey, servingIndex } from './test-support/index-coverage';
import { recordQueries, type RecordedQuery } from '@acs/testing';

const SOFTWARE = 'Device.DeviceInfo.SoftwareVersion';

/** Everything the API and inventory ask of the store, with each kind of condition and sort. */
async function workload(store: MongoDeviceStore): Promise<void> {
  const devices = Array.from({ length: 6 }, (_, i) => unique(`ix${i}`));
  const fault = (deviceId: string, n: number) => ({
    faultId: unique('f'),
    deviceId,
    code: '9002',
    message: 'm',
    source: 'GetParameterValues',
    occurredAt: at(n),
  });
  await store.applyBatch(
    devices.map((deviceId, i) =>
      inform(deviceId, {
        at: i,
        productClass: `PC${i % 2}`,
        parameters: [
          leaf(SOFTWARE, `v${i % 3}`),
          leaf('Device.DeviceInfo.UpTime', i * 100),
          object('Device.WiFi.'),
          leaf('Device.WiFi.SSID.1.SSID', `net-${i}`),
        ],
        extra: { addFaults: [fault(deviceId, i)] },
      }),
    ),
  );
  const [first, second] = devices as [string, string];
  // Bootstrap, deletion, more events than the device keeps (trimming), a non-upsert update.
  const events = (n: number): DeviceUpdate =>
    change(first, 10 + n, {
      addEvents: [
        { eventId: unique('e'), deviceId: first, occurredAt: at(10 + n), kind: 'x', detail: {} },
      ],
    });
  await store.applyBatch([
    change(first, 9, {
      markAllStale: true,
      deleteSubtrees: ['Device.WiFi.'],
      upsert: { lastBootstrap: at(9) },
    }),
    ...Array.from({ length: 8 }, (_, n) => events(n)),
  ]);
  await store.applyBatch([change(unique('unknown'), 1, { setParameters: [leaf('Device.X', 1)] })]);

  const filters: DeviceFilter[] = [
    {},
    { productClass: 'PC1' },
    { oui: { $in: ['00D09E', 'none'] } },
    { serialNumber: second },
    { deviceId: { $in: [first, second] } },
    { lastInform: { $gte: at(2), $lt: at(5) } },
    { online: true },
    { [`parameters.${SOFTWARE}`]: 'v1' },
    { [`parameters.${SOFTWARE}`]: { $gt: 'v0' }, productClass: 'PC0' },
    // Decided by mingo over candidates in sort order: a parameter without an index, a regex, $or.
    { 'parameters.Device.DeviceInfo.UpTime': { $gt: 150 } },
    { manufacturer: { $regex: '^Ac' } },
    { $or: [{ productClass: 'PC0' }, { serialNumber: first }] },
  ];
  await store.updateTags({ productClass: 'PC0' }, ['lab', 'canary'], []);
  await store.updateTags({ tags: 'canary' }, [], ['canary']);
  filters.push({ tags: 'lab' }, { tags: { $all: ['lab', 'x'] } });
  const sorts: DeviceQuery['sort'][] = [undefined, { lastInform: -1 }];
  for (const filter of filters) {
    for (const sort of sorts) {
      const query: DeviceQuery = { filter, limit: 2, withTotal: true, ...(sort ? { sort } : {}) };
      const page = await store.find(query);
      if (page.nextCursor) await store.find({ ...query, cursor: page.nextCursor });
      await store.find({ ...query, projection: ['serialNumber', 'parameters.Device.DeviceInfo.'] });
    }
  }
  await store.get(first);
  await store.get(first, { subtree: 'Device.DeviceInfo.' });
  await store.recentEvents(first, 10);
  await store.listFaults({ limit: 10 });
  const [listed] = await store.listFaults({ deviceId: second, limit: 10, skip: 0 });
  await store.clearFault(listed?.faultId ?? 'none');
  await store.expiredOnline(at(10_000), 10);
  await store.delete(second);
}

async function indexesOf(
  connection: Connection,
  collection: string,
): Promise<Map<string, IndexKey>> {
  const listed = await connection.collection(collection).listIndexes().toArray();
  return new Map(listed.map((index) => [String(index['name']), index['key'] as IndexKey]));
}

describe('mongo device store: every query it sends has an index', () => {
  const mongo = useMongoServer();
  let connection: Connection;
  let queries: RecordedQuery[] = [];

  beforeAll(async () => {
    connection = await mongoose
      .createConnection(mongo.uri, {
        dbName: mongo.databaseName('index-use'),
        monitorCommands: true,
      })
      .asPromise();
    // The indexes are the store's own, made when it opens.
    const store = await MongoDeviceStore.open(connection, {
      eventsPerDevice: 3,
      writesPerCommand: FERRETDB_WRITES_PER_COMMAND,
    });
    const recording = recordQueries(connection);
    try {
      await workload(store);
    } finally {
      queries = recording.stop();
      await store.close();
    }
  }, 120_000);
  afterAll(() => connection?.close());

  it('finds an index the store created for each query, on every collection it reads', async () => {
    // The workload reached every kind of statement the store sends.
    expect(new Set(queries.map((query) => query.kind))).toEqual(
      new Set(['find', 'aggregate', 'update', 'delete']),
    );
    const collections = [...new Set(queries.map((query) => query.collection))].sort();
    expect(collections).toEqual(['device_faults', 'device_histories', 'device_trees', 'devices']);
    const unserved: string[] = [];
    for (const collection of collections) {
      const indexes = await indexesOf(connection, collection);
      for (const query of queries.filter((q) => q.collection === collection)) {
        if (servingIndex(query, indexes) === null)
          unserved.push(
            `${collection} ${query.kind} ${JSON.stringify(query.filter)} sort ${JSON.stringify(query.sort)}`,
          );
      }
    }
    expect(unserved).toEqual([]);
  });

  it('reads and updates devices named by id one by one: `_id: {$in}` is a full scan on FerretDB', () => {
    const byIdSets = queries.filter((query) =>
      JSON.stringify(query.filter).includes('"_id":{"$in"'),
    );
    expect(
      byIdSets.map((query) => `${query.collection} ${query.kind} ${JSON.stringify(query.filter)}`),
    ).toEqual([]);
  });

  it('uses an index for each query by the server’s own explain, where the server reports it', async () => {
    const db = connection.db;
    if (!db) throw new Error('not connected');
    const scans: string[] = [];
    for (const query of queries) {
      const explained = await db.command({ explain: query.explainable, verbosity: 'queryPlanner' });
      if (indexUseOf(explained) === 'collection-scan')
        scans.push(`${query.collection} ${query.kind} ${JSON.stringify(query.filter)}`);
    }
    expect(scans).toEqual([]);
  }, 120_000);
});

describe('index coverage check', () => {
  const indexes = new Map<string, IndexKey>([
    ['_id_', { _id: 1 }],
    ['productClass_1__id_1', { productClass: 1, _id: 1 }],
    ['lastInform_1__id_1', { lastInform: 1, _id: 1 }],
  ]);

  it('finds the index whose leading field the conjunction bounds, in $and and in every $or branch', () => {
    expect(servingIndex({ filter: { productClass: 'X', oui: { $ne: 'y' } } }, indexes)).toBe(
      'productClass_1__id_1',
    );
    expect(servingIndex({ filter: { $and: [{ _id: { $gt: 'a' } }] } }, indexes)).toBe('_id_');
    expect(
      servingIndex({ filter: { $or: [{ _id: 'a' }, { lastInform: { $lt: 't' } }] } }, indexes),
    ).toBe('_id_ | lastInform_1__id_1');
    expect(servingIndex({ filter: {}, sort: { lastInform: -1, _id: 1 } }, indexes)).toBe(
      'lastInform_1__id_1',
    );
  });

  it('finds none for a condition no index leads, a branch without one, or a negation alone', () => {
    expect(servingIndex({ filter: { oui: 'x' } }, indexes)).toBeNull();
    expect(servingIndex({ filter: { $or: [{ _id: 'a' }, { oui: 'x' }] } }, indexes)).toBeNull();
    expect(servingIndex({ filter: { productClass: { $ne: 'x' } } }, indexes)).toBeNull();
    expect(servingIndex({ filter: {}, sort: { manufacturer: 1 } }, indexes)).toBeNull();
    expect(servingIndex({ filter: { oui: 'x' }, sort: { lastInform: 1 } }, indexes)).toBeNull();
  });

  it('reads MongoDB’s winning plan, not the rejected ones, and sets FerretDB’s answer apart', () => {
    const ixscan = { stage: 'FETCH', inputStage: { stage: 'IXSCAN' } };
    expect(
      indexUseOf({ queryPlanner: { winningPlan: ixscan, rejectedPlans: [{ stage: 'COLLSCAN' }] } }),
    ).toBe('index');
    expect(indexUseOf({ queryPlanner: { winningPlan: { stage: 'COLLSCAN' } } })).toBe(
      'collection-scan',
    );
    expect(
      indexUseOf({
        queryPlanner: {
          winningPlan: { stage: 'SHARD_MERGE', shards: [{ winningPlan: { stage: 'COLLSCAN' } }] },
        },
      }),
    ).toBe('collection-scan');
    expect(
      indexUseOf({
        queryPlanner: { Plan: ['SCAN t'] },
        serverInfo: { ferretdbVersion: 'v1.24.2' },
      }),
    ).toBe('not-reported');
  });
});
