/**
 * Time spent in each DeviceStore method, for either store: which calls of the consumer and the
 * API the time goes to (applyBatch writes; find and recentEvents are what the consumer reads).
 */
import type { DeviceStore } from '@acs/device-store';
import type { CommandTotal } from './command-times';

export interface TimedStore {
  store: DeviceStore;
  /** Totals per method since the last take, largest first. */
  take(): CommandTotal[];
}

export function timeStoreCalls(inner: DeviceStore): TimedStore {
  let totals = new Map<string, CommandTotal>();
  const add = (key: string, ms: number) => {
    const total = totals.get(key) ?? { key, count: 0, ms: 0 };
    total.count++;
    total.ms += ms;
    totals.set(key, total);
  };
  const store = new Proxy(inner, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      return async (...args: unknown[]) => {
        const began = performance.now();
        try {
          return await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        } finally {
          add(property, performance.now() - began);
        }
      };
    },
  });
  return {
    store,
    take() {
      const taken = [...totals.values()].sort((a, b) => b.ms - a.ms);
      totals = new Map();
      return taken;
    },
  };
}
