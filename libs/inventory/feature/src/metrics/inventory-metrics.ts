import { Gauge, Registry } from 'prom-client';
import type { DeviceStore } from '@acs/device-store';
import { POSTURE_FINDINGS, postureTag } from '@acs/inventory-posture';
import { ConsumerMetrics, StoreMetrics } from '@acs/observability';

/** How often the fleet is counted at most: two counts over the whole device collection. */
const FLEET_COUNT_INTERVAL_MS = 30_000;

/**
 * Inventory's Prometheus metrics, in a registry of its own (the all-in-one app serves it beside
 * the other modules'). Filled by decorators of its consumer and device-store ports, and by
 * `countFleet` for the devices online.
 */
export class InventoryMetrics {
  readonly registry = new Registry();
  readonly consumer = new ConsumerMetrics(this.registry, 'inventory');
  readonly stores = new StoreMetrics(this.registry, 'inventory');

  /**
   * Devices in the store by state, from the store's own online flag (set by an Inform, cleared
   * by the offline sweep): the fleet's size and health as one gauge, never per device. Counted
   * at scrape time at most every 30 s; every inventory pod reports the same figure (use max).
   */
  countFleet(store: Pick<DeviceStore, 'find'>, intervalMs = FLEET_COUNT_INTERVAL_MS): void {
    const count = atMostEvery(intervalMs, async () => {
      const [online, all] = await Promise.all([
        store.find({ filter: { online: true }, limit: 0, withTotal: true }),
        store.find({ filter: {}, limit: 0, withTotal: true }),
      ]);
      const onlineTotal = online.total ?? 0;
      return { online: onlineTotal, offline: Math.max(0, (all.total ?? 0) - onlineTotal) };
    });
    new Gauge({
      name: 'acs_inventory_devices',
      help: 'Devices in the store by state (online, offline), counted at most every 30 s',
      labelNames: ['state'] as const,
      registers: [this.registry],
      async collect() {
        try {
          const { online, offline } = await count();
          this.set({ state: 'online' }, online);
          this.set({ state: 'offline' }, offline);
        } catch {
          // The scrape goes on with the last counts: the store's readiness check and its
          // operation errors already say it is down, and every other family stays readable.
        }
      },
    });
  }

  /**
   * Devices per security-posture finding (and its severity), from the `posture:<finding>` tags
   * inventory keeps (one indexed count per finding). Counted at scrape time at most every 30 s,
   * like the fleet; every inventory pod reports the same figure (use max).
   */
  countPosture(store: Pick<DeviceStore, 'find'>, intervalMs = FLEET_COUNT_INTERVAL_MS): void {
    const findings = Object.entries(POSTURE_FINDINGS);
    const count = atMostEvery(intervalMs, () =>
      Promise.all(
        findings.map(async ([id]) => {
          const page = await store.find({
            filter: { tags: postureTag(id) },
            limit: 0,
            withTotal: true,
          });
          return page.total ?? 0;
        }),
      ),
    );
    new Gauge({
      name: 'acs_device_posture_findings',
      help: 'Devices with each security-posture finding, by finding and severity, counted at most every 30 s',
      labelNames: ['finding', 'severity'] as const,
      registers: [this.registry],
      async collect() {
        try {
          const counts = await count();
          findings.forEach(([finding, severity], i) =>
            this.set({ finding, severity }, counts[i] ?? 0),
          );
        } catch {
          // As for the fleet count: the scrape goes on with the last figures.
        }
      },
    });
  }
}

/**
 * `count` run at most once per interval, its promise shared by the scrapes in between; a failed
 * count is tried again at the next scrape, not kept for the interval.
 */
function atMostEvery<T>(intervalMs: number, count: () => Promise<T>): () => Promise<T> {
  let last: { at: number; value: Promise<T> } | undefined;
  return () => {
    const now = Date.now();
    if (!last || now - last.at >= intervalMs) {
      const value = count();
      last = { at: now, value };
      value.catch(() => (last = undefined));
    }
    return last.value;
  };
}
