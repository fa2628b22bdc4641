import { retryAfterMs, retryDelayMs } from './retry';

describe('retryDelayMs (TR-069 3.2.1.1)', () => {
  it.each([
    [1, 5, 10],
    [2, 10, 20],
    [3, 20, 40],
    [6, 160, 320],
    [10, 2560, 5120],
    [25, 2560, 5120],
  ])('retry %i waits between %i and %i seconds with the defaults', (failures, low, high) => {
    expect(retryDelayMs(failures, 5, 2000, () => 0)).toBe(low * 1000);
    expect(retryDelayMs(failures, 5, 2000, () => 0.999999)).toBeLessThanOrEqual(high * 1000);
    expect(retryDelayMs(failures, 5, 2000, () => 0.999999)).toBeGreaterThan((high - 0.01) * 1000);
  });

  it('follows CWMPRetryMinimumWaitInterval and CWMPRetryIntervalMultiplier', () => {
    expect(retryDelayMs(2, 1, 3000, () => 0)).toBe(3000);
  });
});

describe('retryAfterMs', () => {
  it('reads seconds and HTTP dates, ignores garbage', () => {
    expect(retryAfterMs('120')).toBe(120_000);
    expect(retryAfterMs('Sat, 21 Nov 2026 06:00:10 GMT', Date.parse('2026-11-21T06:00:00Z'))).toBe(
      10_000,
    );
    expect(retryAfterMs('soon')).toBeUndefined();
    expect(retryAfterMs(undefined)).toBeUndefined();
  });
});
