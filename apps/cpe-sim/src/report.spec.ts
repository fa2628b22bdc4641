import type { StatsSnapshot } from '@acs/cpe-simulator';
import { progressLine, summary } from './report';

const stats: StatsSnapshot = {
  sessionsOk: 150,
  sessionsFailed: 3,
  failuresByReason: { busy: 2, timeout: 1 },
  rpcs: 40,
  inFlight: 7,
  latencyMs: { p50: 12, p90: 30, p99: 80, max: 95 },
};

describe('report', () => {
  it('shows the recent rate in the progress line', () => {
    expect(progressLine(stats, 10, 100, 1)).toBe(
      '[10s] sessions ok 150, failed 3, in flight 7, 50.0/s, p50 12 ms, p99 80 ms',
    );
  });

  it('summarizes outcomes by reason and latency percentiles', () => {
    const text = summary(stats, 12.34, 300 * 2 ** 20);
    expect(text).toContain('sessions failed: 3\n    busy: 2\n    timeout: 1');
    expect(text).toContain('p50 12 ms, p90 30 ms, p99 80 ms');
    expect(text).toContain('RSS 300 MiB');
  });

  it('says over how many processes the RSS was summed', () => {
    expect(summary(stats, 1, 300 * 2 ** 20, 3)).toContain('RSS 300 MiB (3 processes together)');
    expect(summary(stats, 1, 300 * 2 ** 20, 1)).toMatch(/RSS 300 MiB$/);
  });
});
