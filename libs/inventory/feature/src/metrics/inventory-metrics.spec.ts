import type { DeviceQuery } from '@acs/device-store';
import { InventoryMetrics } from './inventory-metrics';

/** A store whose counts the test sets, counting the queries it answers. */
function countingStore(counts: { online: number; all: number }) {
  const state = { queries: 0, failing: false };
  return {
    state,
    store: {
      find: async (query: DeviceQuery) => {
        state.queries++;
        if (state.failing) throw new Error('store down');
        const total = query.filter['online'] === true ? counts.online : counts.all;
        return { devices: [], total };
      },
    },
  };
}

const devices = async (metrics: InventoryMetrics) =>
  (await metrics.registry.getMetricsAsJSON()).find((m) => m.name === 'acs_inventory_devices')
    ?.values;

describe('InventoryMetrics.countFleet', () => {
  it('counts the devices online and offline at most once an interval, through failures', async () => {
    const counts = { online: 7, all: 10 };
    const { store, state } = countingStore(counts);
    const metrics = new InventoryMetrics();
    metrics.countFleet(store, 60_000);
    expect(await devices(metrics)).toEqual([
      { labels: { state: 'online' }, value: 7 },
      { labels: { state: 'offline' }, value: 3 },
    ]);
    counts.online = 2;
    // Within the interval: the cached counts, no new query.
    expect((await devices(metrics))?.[0]?.value).toBe(7);
    expect(state.queries).toBe(2);
  });

  it('keeps the last counts when the store fails, and asks again at the next scrape', async () => {
    const { store, state } = countingStore({ online: 5, all: 5 });
    const metrics = new InventoryMetrics();
    metrics.countFleet(store, 0);
    expect((await devices(metrics))?.[0]?.value).toBe(5);
    state.failing = true;
    await expect(metrics.registry.metrics()).resolves.toContain(
      'acs_inventory_devices{state="online"} 5',
    );
    state.failing = false;
    const before = state.queries;
    await metrics.registry.metrics();
    expect(state.queries).toBeGreaterThan(before);
  });
});
