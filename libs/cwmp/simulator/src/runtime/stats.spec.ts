import { mergeTallies, StatsTally } from './stats';

function tally(overrides: Partial<StatsTally>): StatsTally {
  return {
    sessionsOk: 0,
    sessionsFailed: 0,
    failuresByReason: {},
    rpcs: 0,
    inFlight: 0,
    maxLatencyMs: 0,
    latencySampleMs: [],
    ...overrides,
  };
}

describe('mergeTallies', () => {
  it('adds the counts and failure reasons of every simulator', () => {
    const merged = mergeTallies([
      tally({ sessionsOk: 3, sessionsFailed: 1, failuresByReason: { busy: 1 }, rpcs: 4 }),
      tally({ sessionsOk: 2, sessionsFailed: 2, failuresByReason: { busy: 1, timeout: 1 } }),
    ]);
    expect(merged).toMatchObject({
      sessionsOk: 5,
      sessionsFailed: 3,
      failuresByReason: { busy: 2, timeout: 1 },
      rpcs: 4,
    });
  });

  it('takes the percentiles over all the sessions, not an average of each simulator', () => {
    // 90 fast sessions in one process, 10 slow ones in the other.
    const merged = mergeTallies([
      tally({ sessionsOk: 90, maxLatencyMs: 10, latencySampleMs: Array<number>(90).fill(10) }),
      tally({ sessionsOk: 10, maxLatencyMs: 500, latencySampleMs: Array<number>(10).fill(500) }),
    ]);
    expect(merged.latencyMs).toEqual({ p50: 10, p90: 500, p99: 500, max: 500 });
  });

  it('weighs a sample by the sessions it stands for', () => {
    // A sample of 2 latencies standing for 1,000 sessions outweighs 10 sessions sampled whole.
    const merged = mergeTallies([
      tally({ sessionsOk: 1000, latencySampleMs: [100, 100] }),
      tally({ sessionsOk: 10, latencySampleMs: Array<number>(10).fill(5) }),
    ]);
    expect(merged.latencyMs.p50).toBe(100);
  });

  it('gives nearest-rank percentiles for one simulator, as its own snapshot did', () => {
    const samples = Array.from({ length: 100 }, (_, index) => index + 1);
    const merged = mergeTallies([tally({ sessionsOk: 100, latencySampleMs: samples })]);
    expect(merged.latencyMs).toMatchObject({ p50: 51, p90: 91, p99: 100 });
  });
});
