import { DeviceUpdate } from '../device-store';
import { deviceTreeRange, parameterKey, subtreeCondition } from './documents';
import { emptyPlan, parameterOf, planUpdate } from './write-plan';

const update = (changes: Partial<DeviceUpdate>): DeviceUpdate => ({
  eventId: 'ev-1',
  deviceId: 'dev',
  occurredAt: '2026-01-01T00:00:00.000Z',
  ...changes,
});

describe('mongo write plan', () => {
  it('upserts a device with $set for the fields given and defaults only on insert', () => {
    const plan = emptyPlan();
    planUpdate(
      plan,
      update({ upsert: { productClass: 'HG', online: true, dataModelRoot: null } }),
      () => 1,
    );
    expect(plan.devices).toEqual([
      {
        updateOne: {
          filter: { _id: 'dev' },
          update: {
            $set: { productClass: 'HG', online: true, dataModelRoot: null },
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
      },
    ]);
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
    expect(plan.devices).toEqual([]);
  });

  it('keys events by the update’s eventId and guards fault counts against replays', () => {
    const plan = emptyPlan();
    let seq = 0;
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
    planUpdate(plan, update({ addEvents: [event, event], addFaults: [fault] }), () => ++seq);
    planUpdate(plan, update({ eventId: 'ev-2', addEvents: [event] }), () => ++seq);
    expect(plan.events.map((e) => [e._id, e.seq])).toEqual([
      ['ev-1/0', 1],
      ['ev-1/1', 2],
      ['ev-2/0', 3],
    ]);
    expect(plan.devicesWithEvents).toEqual(['dev']);
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
