import { Registry } from 'prom-client';
import { StoreMetrics, timedPort } from './store-metrics';

class Things {
  private readonly stored = new Map<string, number>();

  async put(key: string, value: number): Promise<void> {
    this.stored.set(key, value);
  }

  async get(key: string): Promise<number> {
    const value = this.stored.get(key);
    if (value === undefined) throw new Error(`no ${key}`);
    return value;
  }

  size(): number {
    return this.stored.size;
  }
}

describe('timedPort', () => {
  it('times every call by store and method and counts the failed ones, answers unchanged', async () => {
    const registry = new Registry();
    const metrics = new StoreMetrics(registry, 'test');
    const things = timedPort(new Things(), metrics, 'things');
    await things.put('a', 1);
    expect(await things.get('a')).toBe(1);
    await expect(things.get('b')).rejects.toThrow('no b');
    expect(things.size()).toBe(1);

    const counts = Object.fromEntries(
      (await metrics.duration.get()).values
        .filter((v) => v.metricName === 'acs_test_store_operation_duration_seconds_count')
        .map((v) => [v.labels['operation'], v.value]),
    );
    // size() answers no promise: passed through, untimed.
    expect(counts).toEqual({ put: 1, get: 2 });
    // Every operation called has its error series, at 0 until one fails.
    expect((await metrics.errors.get()).values).toEqual([
      { labels: { store: 'things', operation: 'put' }, value: 0 },
      { labels: { store: 'things', operation: 'get' }, value: 1 },
      { labels: { store: 'things', operation: 'size' }, value: 0 },
    ]);
    expect(await registry.metrics()).toContain('acs_test_store_operation_duration_seconds_bucket');
  });
});
