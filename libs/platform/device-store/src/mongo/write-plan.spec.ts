import { DeviceUpdate } from '../device-store';
import { TreeParameter } from './documents';
import { fieldKey, fromFieldKey } from './field-keys';
import {
  DeviceBefore,
  deviceOperation,
  emptyPlan,
  historyOperations,
  parameterOf,
  planUpdate,
  treeOf,
  treeOperation,
  WritePlan,
} from './write-plan';

const update = (changes: Partial<DeviceUpdate>): DeviceUpdate => ({
  eventId: 'ev-1',
  deviceId: 'dev',
  occurredAt: '2026-01-01T00:00:00.000Z',
  ...changes,
});

const SOFTWARE = 'Device.DeviceInfo.SoftwareVersion';
const INDEXED = new Set([SOFTWARE, 'Device.ManagementServer.ConnectionRequestURL']);

function counter(): () => number {
  let seq = 0;
  return () => ++seq;
}

/** A device the store holds (no eventIds absorbed yet), at bootstrap count `bs`. */
const held = (bs = 0): DeviceBefore => ({ ap: {}, bs });

function plan(
  updates: DeviceUpdate[],
  before: DeviceBefore | null = held(),
  nextSeq = counter(),
  tree: ReadonlyMap<string, TreeParameter> = new Map(),
): WritePlan {
  const planned = emptyPlan();
  for (const u of updates) planUpdate(planned, u, { nextSeq, indexed: INDEXED, before, tree });
  return planned;
}

function deviceWriteOf(plan: WritePlan) {
  const write = plan.devices.get('dev');
  if (!write) throw new Error('no write for dev');
  return write;
}

describe('mongo write plan', () => {
  it('upserts a device with $set for the fields given and defaults only on insert', () => {
    const planned = plan(
      [update({ upsert: { productClass: 'HG', online: true, dataModelRoot: null } })],
      null,
      () => 7,
    );
    expect(deviceOperation(deviceWriteOf(planned), null, { appliedPerDevice: 4 })).toEqual({
      updateOne: {
        filter: { _id: 'dev' },
        update: {
          $set: { productClass: 'HG', online: true, dataModelRoot: null, 'ap.ev-1': 7 },
          $setOnInsert: {
            oui: '',
            serialNumber: '',
            manufacturer: '',
            tags: [],
            firstSeen: '2026-01-01T00:00:00.000Z',
            lastInform: '2026-01-01T00:00:00.000Z',
            connectionRequest: {},
          },
        },
        upsert: true,
      },
    });
  });

  it('writes only the parameters the updates touch; a bootstrap counts up, writing none', () => {
    const tree = new Map<string, TreeParameter>([
      ['Device.WiFi.', { o: true, b: 1 }],
      ['Device.WiFi.SSID.1.SSID', { o: false, v: 'old', t: 'string', b: 1 }],
      ['Device.WiFi.SSID.2.SSID', { o: false, v: 'two', b: 2 }],
      ['Device.WiFiX', { o: false, v: 'kept', b: 2 }],
      ['Device.X', { o: false, v: 'x', b: 1 }],
    ]);
    const planned = plan(
      [
        update({
          markAllStale: true,
          deleteSubtrees: ['Device.WiFi.'],
          setParameters: [
            { path: 'Device.WiFi.SSID.1.SSID', object: false, value: null, valueAt: 't' },
            { path: 'Device.X', object: false, writable: true, stale: false },
          ],
        }),
      ],
      held(2),
      counter(),
      tree,
    );
    const key = (path: string) => `m.${fieldKey(path)}`;
    expect(treeOperation(deviceWriteOf(planned))).toEqual({
      updateOne: {
        filter: { _id: 'dev' },
        update: {
          $set: {
            // Deleted, then created again: fresh under the new count, none of its old fields.
            [key('Device.WiFi.SSID.1.SSID')]: { o: false, v: null, va: 't', b: 3 },
            // Said fresh: the new count, its other fields kept.
            [key('Device.X')]: { o: false, v: 'x', w: true, s: false, b: 3 },
          },
          $unset: { [key('Device.WiFi.')]: '', [key('Device.WiFi.SSID.2.SSID')]: '' },
        },
        upsert: true,
      },
    });
    // Without an upsert the device document is only updated: the update does not create it.
    expect(deviceOperation(deviceWriteOf(planned), held(2), { appliedPerDevice: 4 })).toEqual({
      updateOne: {
        filter: { _id: 'dev' },
        update: { $set: { 'ap.ev-1': 1, bs: 3 } },
        upsert: false,
      },
    });
  });

  it('keeps a parameter’s bootstrap count when it is written again without being said fresh', () => {
    const tree = new Map<string, TreeParameter>([['Device.A', { o: false, v: 'a', b: 1 }]]);
    const planned = plan(
      [update({ setParameters: [{ path: 'Device.A', object: false, type: 'string' }] })],
      held(2),
      counter(),
      tree,
    );
    const written = deviceWriteOf(planned).tree.get('Device.A') as TreeParameter;
    expect(written).toEqual({ o: false, v: 'a', t: 'string', b: 1 });
    expect(parameterOf('Device.A', written, 2).stale).toBe(true);
  });

  it('folds a new device’s tree in memory, as the updates would leave an empty store', () => {
    const planned = plan(
      [
        update({
          upsert: { online: true },
          setParameters: [
            { path: 'Device.A', object: false, value: 'a' },
            { path: 'Device.WiFi.', object: true },
            { path: 'Device.WiFi.SSID', object: false, value: 'x' },
          ],
        }),
        update({
          eventId: 'ev-2',
          markAllStale: true,
          deleteSubtrees: ['Device.WiFi.'],
          setParameters: [
            { path: 'Device.A', object: false, type: 'string' },
            { path: 'Device.B', object: false, value: 'b' },
          ],
        }),
      ],
      null,
    );
    const write = deviceWriteOf(planned);
    expect(write.created).toBe(true);
    expect(Object.fromEntries(write.tree)).toEqual({
      // Learned before the bootstrap and not said fresh since: stale (count 0, device at 1).
      'Device.A': { o: false, v: 'a', t: 'string', b: 0 },
      'Device.B': { o: false, v: 'b', b: 1 },
    });
    // Created and deleted within the batch: unset, in case a crashed first attempt left it.
    expect(treeOperation(write)).toMatchObject({
      updateOne: { update: { $unset: { [`m.${fieldKey('Device.WiFi.SSID')}`]: '' } } },
    });
    expect(parameterOf('Device.A', write.tree.get('Device.A') as never, 1).stale).toBe(true);
    expect(parameterOf('Device.B', write.tree.get('Device.B') as never, 1).stale).toBeUndefined();
  });

  it('writes nothing to the tree of an update that touches no parameter', () => {
    expect(treeOperation(deviceWriteOf(plan([update({ upsert: { online: true } })])))).toBeNull();
  });

  it('keys tree parameters by any path, and reads the keys back to the paths', () => {
    const paths = ['Device.WiFi.SSID.1.', 'Device.X_00D09E_50%.$a', '$Device.A'];
    const doc = { m: Object.fromEntries(paths.map((p) => [fieldKey(p), { o: false, b: 0 }])) };
    for (const key of Object.keys(doc.m)) expect(key).not.toMatch(/^\$|\./);
    expect([...treeOf(doc).keys()]).toEqual(paths);
    expect(paths.map((p) => fromFieldKey(fieldKey(p)))).toEqual(paths);
  });

  it('folds one device’s updates of a batch into one document write, the later value winning', () => {
    const planned = plan(
      [
        update({
          upsert: { lastInform: 'a', online: true },
          setParameters: [{ path: SOFTWARE, object: false, value: '1.0' }],
        }),
        update({
          eventId: 'ev.2',
          occurredAt: 'later',
          upsert: { lastInform: 'b' },
          deleteSubtrees: ['Device.ManagementServer.'],
          setParameters: [{ path: SOFTWARE, object: false, value: '2.0' }],
        }),
      ],
      null,
    );
    const operation = deviceOperation(deviceWriteOf(planned), null, { appliedPerDevice: 4 });
    expect(operation).toMatchObject({
      updateOne: {
        update: {
          $set: {
            lastInform: 'b',
            online: true,
            'iv.Device/DeviceInfo/SoftwareVersion': '2.0',
            'ap.ev-1': 1,
            [`ap.${fieldKey('ev.2')}`]: 2,
          },
          $unset: { 'iv.Device/ManagementServer/ConnectionRequestURL': '' },
          // The first update's time: the device was first seen then.
          $setOnInsert: { firstSeen: '2026-01-01T00:00:00.000Z' },
        },
        upsert: true,
      },
    });
    expect(fieldKey('ev.2')).toBe('ev%2E2');
  });

  it('forgets the oldest applied eventIds beyond the bound', () => {
    const planned = plan([update({ eventId: 'new' })], held(), () => 50);
    const before = { ap: { old: 10, older: 5, newest: 40 } };
    expect(deviceOperation(deviceWriteOf(planned), before, { appliedPerDevice: 3 })).toEqual({
      updateOne: {
        filter: { _id: 'dev' },
        update: { $set: { 'ap.new': 50 }, $unset: { 'ap.older': '' } },
        upsert: false,
      },
    });
  });

  it('keeps the newest events in the history, adding none a replay finds there', () => {
    const event = (eventId: string, occurredAt: string) => ({
      eventId,
      deviceId: 'dev',
      occurredAt,
      kind: 'inform',
      detail: {},
    });
    const planned = plan(
      [update({ addEvents: [event('a', 't3'), event('b', 't1'), event('c', 't3')] })],
      held(),
      counter(),
    );
    const write = deviceWriteOf(planned);
    const old = { i: 'old/0', at: 't2', seq: 0, e: 'old', k: 'inform', x: {} };
    const older = { ...old, i: 'older/0', at: 't0' };
    const operations = historyOperations(write, [older, old], 3);
    // Newest first, of equal times the later arrival first: two of the batch's, then `old`; the
    // batch's oldest is not added and the held `older` is pulled.
    expect(operations).toEqual([
      {
        updateOne: {
          filter: { _id: 'dev' },
          update: { $push: { e: { $each: [write.events[0], write.events[2]] } } },
          upsert: true,
        },
      },
      { updateOne: { filter: { _id: 'dev' }, update: { $pullAll: { e: [older] } } } },
    ]);
    expect(write.events.map((e) => e.i)).toEqual(['ev-1/0', 'ev-1/1', 'ev-1/2']);
    // A replay over what the first attempt wrote adds and pulls nothing.
    const written = [old, write.events[0], write.events[2]] as typeof write.events;
    expect(historyOperations(write, written, 3)).toEqual([]);
    expect(historyOperations(deviceWriteOf(plan([update({})])), [old], 3)).toEqual([]);
  });

  it('keys events by the update’s eventId and guards fault counts against replays', () => {
    const event = {
      eventId: 'e',
      deviceId: 'dev',
      occurredAt: 't',
      kind: 'inform',
      detail: { a: 1 },
    };
    const fault = {
      faultId: 'f-2',
      deviceId: 'dev',
      code: '9002',
      message: 'm',
      source: 'GPV',
      occurredAt: 't',
    };
    const planned = plan([
      update({ addEvents: [event, event], addFaults: [fault] }),
      update({ eventId: 'ev-2', addEvents: [event] }),
    ]);
    expect(deviceWriteOf(planned).events.map((e) => [e.i, e.seq])).toEqual([
      ['ev-1/0', 1],
      ['ev-1/1', 2],
      ['ev-2/0', 4],
    ]);
    expect(planned.faults).toEqual([
      {
        updateOne: {
          filter: { d: 'dev', code: '9002', source: 'GPV', last: { $ne: 'f-2' } },
          update: {
            $inc: { count: 1 },
            $set: { message: 'm', at: 't', last: 'f-2' },
            $setOnInsert: { _id: 'f-2' },
          },
          upsert: true,
        },
      },
    ]);
  });

  it('reads a tree parameter back without the fields it does not have', () => {
    const doc: TreeParameter = { o: false, v: false, b: 0 };
    expect(parameterOf('Device.A', doc, 0)).toEqual({
      path: 'Device.A',
      object: false,
      value: false,
    });
    expect(parameterOf('Device.A', { ...doc, s: true }, 0)).toMatchObject({ stale: true });
    // Fresh under an earlier bootstrap count than the device's: stale.
    expect(parameterOf('Device.A', { ...doc, s: false, b: 1 }, 2)).toMatchObject({ stale: true });
    expect(parameterOf('Device.A', { ...doc, s: false, b: 2 }, 2)).toMatchObject({
      stale: false,
    });
  });
});
