import { DeviceUpdate } from '../device-store';
import { parameterKey, subtreeCondition } from './documents';
import { appliedEventKey } from './field-keys';
import {
  DeviceBefore,
  deviceOperation,
  emptyPlan,
  parameterOf,
  planUpdate,
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
): WritePlan {
  const planned = emptyPlan();
  for (const u of updates) planUpdate(planned, u, { nextSeq, indexed: INDEXED, before });
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

  it('orders parameter writes: deletions, then targeted sets; a bootstrap counts up, writing none', () => {
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
    );
    expect(planned.parameters).toEqual([
      { deleteMany: { filter: subtreeCondition('dev', 'Device.WiFi') } },
      {
        updateOne: {
          filter: { _id: parameterKey('dev', 'Device.WiFi.SSID.1.SSID') },
          update: {
            $set: { d: 'dev', p: 'Device.WiFi.SSID.1.SSID', o: false, v: null, va: 't' },
            // Fresh under the new count only if created now; an old parameter stays stale.
            $setOnInsert: { b: 3 },
          },
          upsert: true,
        },
      },
      {
        updateOne: {
          filter: { _id: parameterKey('dev', 'Device.X') },
          update: { $set: { d: 'dev', p: 'Device.X', o: false, w: true, s: false, b: 3 } },
          upsert: true,
        },
      },
    ]);
    // Without an upsert the device document is only updated: the update does not create it.
    expect(deviceOperation(deviceWriteOf(planned), held(2), { appliedPerDevice: 4 })).toEqual({
      updateOne: {
        filter: { _id: 'dev' },
        update: { $set: { 'ap.ev-1': 1, bs: 3 } },
        upsert: false,
      },
    });
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
    expect(planned.parameters).toEqual([]);
    const created = deviceWriteOf(planned).created;
    expect([...(created?.parameters.values() ?? [])]).toEqual([
      // Learned before the bootstrap and not said fresh since: stale (count 0, device at 1).
      {
        _id: parameterKey('dev', 'Device.A'),
        d: 'dev',
        p: 'Device.A',
        o: false,
        v: 'a',
        t: 'string',
        b: 0,
      },
      { _id: parameterKey('dev', 'Device.B'), d: 'dev', p: 'Device.B', o: false, v: 'b', b: 1 },
    ]);
    // The same writes as for a known device, for documents that turn out to exist.
    expect(created?.ops).toHaveLength(6);
    expect(parameterOf(created?.parameters.get('Device.A') as never, 1)).toMatchObject({
      stale: true,
    });
    expect(parameterOf(created?.parameters.get('Device.B') as never, 1).stale).toBeUndefined();
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
            [`ap.${appliedEventKey('ev.2')}`]: 2,
          },
          $unset: { 'iv.Device/ManagementServer/ConnectionRequestURL': '' },
          // The first update's time: the device was first seen then.
          $setOnInsert: { firstSeen: '2026-01-01T00:00:00.000Z' },
        },
        upsert: true,
      },
    });
    expect(appliedEventKey('ev.2')).toBe('ev%2E2');
  });

  it('forgets the oldest applied eventIds beyond the bound and records the events held', () => {
    const planned = plan([update({ eventId: 'new' })], held(), () => 50);
    const before = { ap: { old: 10, older: 5, newest: 40 } };
    expect(
      deviceOperation(deviceWriteOf(planned), before, { appliedPerDevice: 3, events: 12 }),
    ).toEqual({
      updateOne: {
        filter: { _id: 'dev' },
        update: { $set: { 'ap.new': 50, ec: 12 }, $unset: { 'ap.older': '' } },
        upsert: false,
      },
    });
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
    expect(planned.events.map((e) => [e._id, e.seq])).toEqual([
      ['ev-1/0', 1],
      ['ev-1/1', 2],
      ['ev-2/0', 4],
    ]);
    expect(deviceWriteOf(planned).events).toBe(3);
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

  it('reads a parameter document back without the fields it does not have', () => {
    const doc = { _id: 'k', d: 'dev', p: 'Device.A', o: false, v: false };
    expect(parameterOf(doc, 0)).toEqual({ path: 'Device.A', object: false, value: false });
    expect(parameterOf({ ...doc, s: true }, 0)).toMatchObject({ stale: true });
    // Fresh under an earlier bootstrap count than the device's: stale.
    expect(parameterOf({ ...doc, s: false, b: 1 }, 2)).toMatchObject({ stale: true });
    expect(parameterOf({ ...doc, s: false, b: 2 }, 2)).toMatchObject({ stale: false });
  });
});
