import { percentile, stormFigures, stormLines } from './storm-figures';

const START = 1_000_000;

describe('stormFigures', () => {
  it('counts registered and lost devices, and the drain until the last boot was recorded', () => {
    const figures = stormFigures({
      devices: 4,
      startedAt: START,
      // d is told nothing (refused until the end); c got its InformResponse, its boot is missing.
      acknowledged: new Map([
        ['a', START + 1_000],
        ['b', START + 2_000],
        ['c', START + 3_000],
      ]),
      recorded: new Map([
        ['a', START + 5_000],
        ['b', START + 12_340],
      ]),
      admittedDurationsMs: [10, 20, 30],
      rejected503: 7,
    });
    expect(figures).toEqual({
      devices: 4,
      registered: 2,
      lost: 1,
      drainS: 12.3,
      rejected503: 7,
      p99AdmittedMs: 30,
    });
  });

  it('takes the p99 of admitted sessions by nearest rank, 0 without any', () => {
    const latencies = Array.from({ length: 200 }, (_, index) => 200 - index); // 200..1, unsorted
    expect(percentile(latencies, 0.99)).toBe(198);
    expect(percentile(latencies, 0.5)).toBe(100);
    expect(percentile([], 0.99)).toBe(0);
  });

  it('prints the issue lines in order, storm_peak_rss_mb last', () => {
    const lines = stormLines(
      { devices: 10, registered: 9, lost: 0, drainS: 61.5, rejected503: 3, p99AdmittedMs: 812 },
      { gateway: 150.4, inventory: 210.6, provisioning: 180, redis: 40, kafka: 2100 },
    );
    expect(lines).toEqual([
      'storm_devices 10',
      'storm_registered 9',
      'storm_lost 0',
      'storm_drain_s 61.5',
      'storm_rejected_503 3',
      'storm_p99_admitted_ms 812',
      'storm_peak_rss_mb gateway 150, inventory 211, provisioning 180, redis 40, kafka 2100',
    ]);
  });
});
