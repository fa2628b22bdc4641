import { DeviceFault } from '../device-store';
import { InvalidFilterError } from '../query-filter';
import { at, change, ContractContext, inform, unique, uniques } from './fixtures';

/** Events and faults. */
export function historyContract(ctx: ContractContext): void {
  it('keeps the newest events per device and returns them newest first', async () => {
    const store = ctx.store();
    const deviceId = unique('events');
    const other = unique('other');
    const n = ctx.eventsPerDevice;
    await store.applyBatch([inform(deviceId), inform(other)]);
    const event = (second: number) => ({
      eventId: unique('e'),
      deviceId,
      occurredAt: at(second),
      kind: 'rpc-result',
      detail: { second },
    });
    // n + 3 events over three batches, one batch arriving out of time order.
    const seconds = Array.from({ length: n + 3 }, (_, i) => i + 1);
    const batches = [seconds.slice(0, 2), seconds.slice(2).reverse()];
    for (const batch of batches) {
      await store.applyBatch(batch.map((s) => change(deviceId, s, { addEvents: [event(s)] })));
    }
    const events = await store.recentEvents(deviceId, 1_000);
    expect(events.map((e) => e.detail['second'])).toEqual(seconds.slice(-n).reverse());
    expect(events[0]).toMatchObject({ deviceId, kind: 'rpc-result', occurredAt: at(n + 3) });
    expect(await store.recentEvents(deviceId, 2)).toEqual(events.slice(0, 2));
    expect(await store.recentEvents(other, 10)).toHaveLength(1);
    await expect(store.recentEvents(deviceId, 0)).rejects.toThrow(InvalidFilterError);
  });

  it('tells which events it applied, whether they were kept as events or not', async () => {
    const store = ctx.store();
    const [a, b] = uniques('applied-a', 'applied-b');
    const first = inform(a);
    const bare = change(a, 1, { upsert: { lastInform: at(1) } });
    await store.applyBatch([first, bare, inform(b)]);
    const pending = change(a, 2, {});
    const applied = await store.appliedEvents([
      { deviceId: a, eventId: first.eventId },
      { deviceId: a, eventId: bare.eventId },
      { deviceId: a, eventId: pending.eventId },
      { deviceId: unique('nobody'), eventId: unique('event') },
    ]);
    expect([...applied].sort()).toEqual([first.eventId, bare.eventId].sort());
    expect(await store.appliedEvents([])).toEqual(new Set());
  });

  it('counts a fault recurring from the same source until it is cleared', async () => {
    const store = ctx.store();
    const deviceId = unique('faulty');
    const fault = (faultId: string, second: number, source = 'GetParameterValues') => ({
      faultId,
      deviceId,
      code: '9002',
      message: `internal error at ${second}`,
      source,
      occurredAt: at(second),
    });
    const [first, second, third, fourth] = uniques('fault1', 'fault2', 'fault3', 'fault4');
    await store.applyBatch([inform(deviceId)]);
    await store.applyBatch([
      change(deviceId, 1, { addFaults: [fault(first, 1)] }),
      change(deviceId, 2, { addFaults: [fault(second, 2)] }),
      change(deviceId, 3, { addFaults: [fault(third, 3, 'SetParameterValues')] }),
    ]);
    const expected: DeviceFault[] = [
      { ...fault(third, 3, 'SetParameterValues'), count: 1 },
      { ...fault(first, 2), message: 'internal error at 2', count: 2 },
    ];
    expect(await store.listFaults({ deviceId, limit: 10 })).toEqual(expected);
    expect(await store.listFaults({ deviceId, limit: 1, skip: 1 })).toEqual(expected.slice(1));

    expect(await store.fault(first)).toEqual(expected[1]);
    expect(await store.clearFault(first)).toBe(true);
    expect(await store.clearFault(first)).toBe(false);
    expect(await store.fault(first)).toBeNull();
    await store.applyBatch([change(deviceId, 4, { addFaults: [fault(fourth, 4)] })]);
    expect(await store.listFaults({ deviceId, limit: 10 })).toEqual([
      { ...fault(fourth, 4), count: 1 },
      expected[0],
    ]);
  });

  it('lists faults across devices newest first', async () => {
    const store = ctx.store();
    const [a, b] = uniques('fa', 'fb');
    const fault = (deviceId: string, second: number) => ({
      faultId: unique('f'),
      deviceId,
      code: 'session-timeout',
      message: 'no answer',
      source: 'session',
      occurredAt: at(second),
    });
    await store.applyBatch([
      inform(a, { extra: { addFaults: [fault(a, 5)] } }),
      inform(b, { extra: { addFaults: [fault(b, 9)] } }),
    ]);
    const all = await store.listFaults({ limit: 10 });
    expect(all.map((f) => [f.deviceId, f.occurredAt])).toEqual([
      [b, at(9)],
      [a, at(5)],
    ]);
  });
}
