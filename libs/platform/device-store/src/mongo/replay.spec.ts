import mongoose, { type Connection } from 'mongoose';
import { FERRETDB_WRITES_PER_COMMAND, useMongoServer } from '@acs/testing';
import { DeviceUpdate } from '../device-store';
import { at, change, inform, leaf, object, unique } from '../contract/fixtures';
import { fieldKey } from './field-keys';
import { MongoDeviceStore } from './mongo-device-store';

/**
 * What no transaction covers: a batch written half-way (a crash before the device document got
 * its applied eventIds), a tree without its device, two writers creating one
 * device. Each must end as one sequential application would.
 */
describe('mongo device store: replays and races without transactions', () => {
  const mongo = useMongoServer();
  let connection: Connection;
  let store: MongoDeviceStore;

  beforeEach(async () => {
    connection = await mongoose
      .createConnection(mongo.uri, { dbName: mongo.databaseName('replay') })
      .asPromise();
    store = await MongoDeviceStore.open(connection, {
      eventsPerDevice: 5,
      writesPerCommand: FERRETDB_WRITES_PER_COMMAND,
    });
  });
  afterEach(async () => {
    await store.close();
    await connection.close();
  });

  const snapshot = async (deviceId: string) => ({
    device: await store.get(deviceId),
    events: await store.recentEvents(deviceId, 10),
    faults: await store.listFaults({ deviceId, limit: 10 }),
  });

  const firstSession = (deviceId: string): DeviceUpdate[] => [
    inform(deviceId, {
      parameters: [leaf('Device.DeviceInfo.SoftwareVersion', 'v1', { stale: false })],
      extra: {
        markAllStale: true,
        addFaults: [
          {
            faultId: unique('f'),
            deviceId,
            code: '9002',
            message: 'm',
            source: 'GPV',
            occurredAt: at(0),
          },
        ],
      },
    }),
    change(deviceId, 1, {
      setParameters: [object('Device.WiFi.'), leaf('Device.WiFi.SSID.1.SSID', 'home')],
      addEvents: [
        { eventId: unique('e'), deviceId, occurredAt: at(1), kind: 'rpc-result', detail: {} },
      ],
    }),
  ];

  it('applies a new device’s first session again, to the same result, after a crash before its document', async () => {
    const deviceId = unique('crashed');
    const batch = firstSession(deviceId);
    await store.applyBatch(batch);
    const once = await snapshot(deviceId);
    // The crash: every write of the batch made but the last, the device document.
    await connection.collection('devices').deleteOne({ _id: deviceId as never });
    expect(await store.get(deviceId)).toBeNull();

    expect(await store.applyBatch(batch)).toEqual({ applied: 2, duplicates: 0, ignored: 0 });
    expect(await snapshot(deviceId)).toEqual(once);
    expect(await store.applyBatch(batch)).toEqual({ applied: 0, duplicates: 2, ignored: 0 });
  });

  it('applies a known device’s bootstrap again, to the same result, after a crash before its update', async () => {
    const deviceId = unique('rebooted');
    await store.applyBatch(firstSession(deviceId));
    const devices = connection.collection<Record<string, unknown>>('devices');
    const before = await devices.findOne({ _id: deviceId as never });
    const again = firstSession(deviceId);
    await store.applyBatch(again);
    const once = await snapshot(deviceId);
    // The crash: the device document as it was before the batch's last write.
    await devices.replaceOne({ _id: deviceId as never }, before ?? {});

    expect(await store.applyBatch(again)).toEqual({ applied: 2, duplicates: 0, ignored: 0 });
    expect(await snapshot(deviceId)).toEqual(once);
  });

  it('writes a new device’s tree over a tree left without its device, in order', async () => {
    const deviceId = unique('leftover');
    // Left by a delete that raced an update: a tree whose device is gone.
    await connection.collection('device_trees').insertOne({
      _id: deviceId as never,
      m: {
        [fieldKey('Device.DeviceInfo.SoftwareVersion')]: { o: false, v: 'v0', t: 'string', b: 0 },
        [fieldKey('Device.Old')]: { o: false, v: 'old', b: 0 },
      },
    });
    await store.applyBatch(firstSession(deviceId));
    const parameters = (await store.get(deviceId))?.parameters;
    // The bootstrap marked what was there stale before the session's own values came.
    expect(parameters?.['Device.DeviceInfo.SoftwareVersion']).toMatchObject({
      value: 'v1',
      stale: false,
    });
    expect(parameters?.['Device.Old']).toMatchObject({ value: 'old', stale: true });
    expect(parameters?.['Device.WiFi.SSID.1.SSID']).toMatchObject({ value: 'home' });
  });

  it('keeps both writers’ parameters and events when two stores create the same device at once', async () => {
    const other = await MongoDeviceStore.open(
      connection.useDb(connection.name, { useCache: false }),
      { eventsPerDevice: 5, writesPerCommand: FERRETDB_WRITES_PER_COMMAND },
    );
    const deviceId = unique('raced');
    const [a, b] = [
      inform(deviceId, { at: 1, parameters: [leaf('Device.A', 'a')] }),
      inform(deviceId, { at: 2, parameters: [leaf('Device.B', 'b')] }),
    ];
    await Promise.all([store.applyBatch([a]), other.applyBatch([b])]);
    const parameters = (await store.get(deviceId))?.parameters ?? {};
    expect(Object.keys(parameters).sort()).toEqual(['Device.A', 'Device.B']);
    expect(await store.recentEvents(deviceId, 10)).toHaveLength(2);
    // Redelivered, they change nothing. (Whether both count as duplicates depends on the device
    // document keeping both writers' eventIds: MongoDB does; FerretDB 1.24 loses one of two
    // concurrent updates of a document, see docs/architecture.md.)
    await store.applyBatch([a, b]);
    expect(await store.recentEvents(deviceId, 10)).toHaveLength(2);
    expect((await store.get(deviceId))?.parameters).toEqual(parameters);
  });
});
