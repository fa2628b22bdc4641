import { Counter, Histogram, type Registry } from 'prom-client';
import { LATENCY_BUCKETS } from './buckets';

/** Latency and errors of a service's store calls, by store and operation (the port's method). */
export class StoreMetrics {
  readonly duration: Histogram<'store' | 'operation'>;
  readonly errors: Counter<'store' | 'operation'>;

  constructor(registry: Registry, service: string) {
    this.duration = new Histogram({
      name: `acs_${service}_store_operation_duration_seconds`,
      help: 'Store calls, by store and operation (failed ones included)',
      labelNames: ['store', 'operation'] as const,
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    });
    this.errors = new Counter({
      name: `acs_${service}_store_operation_errors_total`,
      help: 'Store calls that failed, by store and operation',
      labelNames: ['store', 'operation'] as const,
      registers: [registry],
    });
  }
}

/**
 * The port with every method timed: a decorator at the adapter boundary, so neither the use
 * cases nor the adapter know about metrics. Labels are method names: bounded by the port.
 * A method that returns no promise is passed through untimed.
 */
export function timedPort<T extends object>(port: T, metrics: StoreMetrics, store: string): T {
  // An operation's error series starts at 0 with its first call: an error-rate panel or alert
  // then reads 0, not "no data", before anything failed.
  const called = new Set<string>();
  return new Proxy(port, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      return (...args: unknown[]): unknown => {
        const labels = { store, operation: property };
        if (!called.has(property)) {
          called.add(property);
          metrics.errors.inc(labels, 0);
        }
        const started = process.hrtime.bigint();
        const observe = () =>
          metrics.duration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
        let result: unknown;
        try {
          result = Reflect.apply(value, target, args);
        } catch (error) {
          metrics.errors.inc(labels);
          throw error;
        }
        if (!(result instanceof Promise)) return result;
        return result.then(
          (answer: unknown) => {
            observe();
            return answer;
          },
          (error: unknown) => {
            observe();
            metrics.errors.inc(labels);
            throw error;
          },
        );
      };
    },
  });
}
