import { DeviceUpdate } from '../device-store';
import { deviceTreeRange, parameterKey, subtreeCondition } from './documents';
import { appliedEventKey } from './field-keys';
import { deviceOperation, emptyPlan, parameterOf, planUpdate, WritePlan } from './write-plan';

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

function deviceWriteOf(plan: WritePlan) {
  const write = plan.devices.get('dev');
  if (!write) throw new Error('no write for dev');
  return write;
}

describe('mongo write plan', () => {
  it('upserts a device with $set for the fields given and defaults only on insert', () => {
    const plan = emptyPlan();
    planUpdate(
      plan,
      update({ upsert: { productClass: 'HG', online: true, dataModelRoot: null } }),
      () => 7,
      INDEXED,
    );
    expect(deviceOperation(deviceWriteOf(plan), null, { appliedPerDevice: 4 })).toEqual({
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

  it('orders parameter writes: stale, then deletions, then targeted sets of the given fields', () => {
    const plan = emptyPlan();
    planUpdate(
      plan,
      update({
        markAllStale: true,
        deleteSubtrees: ['Device.WiFi.'],
        setParameters: [
          { path: 'Device.WiFi.SSID.1.SSID', object: false, value: null, valueAt: 't' },
          { path: 'Device.X', object: false, writable: true },
        ],
      }),
      () => 1,
      INDEXED,
    );
    expect(plan.parameters).toEqual([
      { updateMany: { filter: { _id: deviceTreeRange('dev') }, update: { $set: { s: true } } } },
      { deleteMany: { filter: subtreeCondition('dev', 'Device.WiFi') } },
      {
        updateOne: {
          filter: { _id: parameterKey('dev', 'Device.WiFi.SSID.1.SSID') },
          update: { $set: { d: 'dev', p: 'Device.WiFi.SSID.1.SSID', o: false, v: null, va: 't' } },
          upsert: true,
        },
      },
      {
        updateOne: {
          filter: { _id: parameterKey('dev', 'Device.X') },
          update: { $set: { d: 'dev', p: 'Device.X', o: false, w: true } },
          upsert: true,
        },
      },
    ]);
    // Without an upsert the device document is only updated: the update does not create it.
    expect(deviceOperation(deviceWriteOf(plan), null, { appliedPerDevice: 4 })).toEqual({
      updateOne: { filter: { _id: 'dev' }, update: { $set: { 'ap.ev-1': 1 } }, upsert: false },
    });
  });

  it('folds one device’s updates of a batch into one document write, the later value winning', () => {
    const plan = emptyPlan();
    const next = counter();
    planUpdate(
      plan,
      update({
        upsert: { lastInform: 'a', online: true },
        setParameters: [{ path: SOFTWARE, object: false, value: '1.0' }],
      }),
      next,
      INDEXED,
    );
    planUpdate(
      plan,
      update({
        eventId: 'ev.2',
        occurredAt: 'later',
        upsert: { lastInform: 'b' },
        deleteSubtrees: ['Device.ManagementServer.'],
        setParameters: [{ path: SOFTWARE, object: false, value: '2.0' }],
      }),
      next,
      INDEXED,
    );
    const operation = deviceOperation(deviceWriteOf(plan), null, { appliedPerDevice: 4 });
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
    const plan = emptyPlan();
    planUpdate(plan, update({ eventId: 'new' }), () => 50, INDEXED);
    const before = { ap: { old: 10, older: 5, newest: 40 } };
    expect(
      deviceOperation(deviceWriteOf(plan), before, { appliedPerDevice: 3, events: 12 }),
    ).toEqual({
      updateOne: {
        filter: { _id: 'dev' },
        update: { $set: { 'ap.new': 50, ec: 12 }, $unset: { 'ap.older': '' } },
        upsert: false,
      },
    });
  });

  it('keys events by the update’s eventId and guards fault counts against replays', () => {
    const plan = emptyPlan();
    const next = counter();
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
    planUpdate(plan, update({ addEvents: [event, event], addFaults: [fault] }), next, INDEXED);
    planUpdate(plan, update({ eventId: 'ev-2', addEvents: [event] }), next, INDEXED);
    expect(plan.events.map((e) => [e._id, e.seq])).toEqual([
      ['ev-1/0', 1],
      ['ev-1/1', 2],
      ['ev-2/0', 4],
    ]);
    expect(deviceWriteOf(plan).events).toBe(3);
    expect(plan.faults).toEqual([
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
    expect(parameterOf({ _id: 'k', d: 'dev', p: 'Device.A', o: false, v: false, s: true })).toEqual(
      {
        path: 'Device.A',
        object: false,
        value: false,
        stale: true,
      },
    );
  });
});
