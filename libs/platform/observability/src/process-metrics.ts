import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * prom-client's process and Node metrics (heap, event-loop lag, GC, CPU, file descriptors) in a
 * registry of their own. One per process: the all-in-one app's modules share it, so each family
 * is exposed once.
 */
export function processMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}
