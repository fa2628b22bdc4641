import { SessionFailure, SessionResult } from '../cpe-session/session-client';

export interface StatsSnapshot {
  sessionsOk: number;
  sessionsFailed: number;
  failuresByReason: Partial<Record<SessionFailure, number>>;
  rpcs: number;
  inFlight: number;
  /** Session latency in milliseconds over successful sessions (a uniform sample of them). */
  latencyMs: { p50: number; p90: number; p99: number; max: number };
}

/**
 * One simulator's counters and latency sample as plain data: what the processes of a fleet send
 * their parent, which merges them with `mergeTallies` into one snapshot.
 */
export interface StatsTally {
  sessionsOk: number;
  sessionsFailed: number;
  failuresByReason: Partial<Record<SessionFailure, number>>;
  rpcs: number;
  inFlight: number;
  maxLatencyMs: number;
  /** A uniform sample of the latencies of the `sessionsOk` successful sessions. */
  latencySampleMs: number[];
}

const SAMPLE_SIZE = 20_000;

/**
 * Several simulators' tallies as one snapshot: counts add up; the percentiles are over the
 * samples together, each latency weighted by the sessions it stands for (a simulator that ran
 * more sessions than its sample holds counts for more), so they are the fleet's, not an average
 * of each simulator's.
 */
export function mergeTallies(tallies: readonly StatsTally[]): StatsSnapshot {
  const failuresByReason: Partial<Record<SessionFailure, number>> = {};
  const weighted: { latency: number; weight: number }[] = [];
  let totalWeight = 0;
  for (const tally of tallies) {
    for (const [reason, count] of Object.entries(tally.failuresByReason) as [
      SessionFailure,
      number,
    ][])
      failuresByReason[reason] = (failuresByReason[reason] ?? 0) + count;
    const weight = tally.sessionsOk / Math.max(1, tally.latencySampleMs.length);
    for (const latency of tally.latencySampleMs) weighted.push({ latency, weight });
    totalWeight += weight * tally.latencySampleMs.length;
  }
  weighted.sort((a, b) => a.latency - b.latency);
  const at = (q: number): number => {
    // The first latency with more than q of the weight at or below it (the nearest rank); the
    // slack keeps float sums of equal weights from stepping over a rank that is exactly q.
    const rank = q * totalWeight * (1 + 1e-9);
    let cumulative = 0;
    for (const { latency, weight } of weighted) {
      cumulative += weight;
      if (cumulative > rank) return latency;
    }
    return weighted[weighted.length - 1]?.latency ?? 0;
  };
  const sum = (pick: (tally: StatsTally) => number): number =>
    tallies.reduce((total, tally) => total + pick(tally), 0);
  return {
    sessionsOk: sum((tally) => tally.sessionsOk),
    sessionsFailed: sum((tally) => tally.sessionsFailed),
    failuresByReason,
    rpcs: sum((tally) => tally.rpcs),
    inFlight: sum((tally) => tally.inFlight),
    latencyMs: {
      p50: at(0.5),
      p90: at(0.9),
      p99: at(0.99),
      max: Math.max(0, ...tallies.map((tally) => tally.maxLatencyMs)),
    },
  };
}

/** Session counters and a fixed-size uniform sample of latencies (reservoir sampling). */
export class SessionStats {
  private ok = 0;
  private failed = 0;
  private rpcs = 0;
  private max = 0;
  private readonly reasons: Partial<Record<SessionFailure, number>> = {};
  private readonly sample: number[] = [];

  record(result: SessionResult): void {
    this.rpcs += result.rpcCount;
    if (!result.ok) {
      this.failed++;
      this.reasons[result.reason] = (this.reasons[result.reason] ?? 0) + 1;
      return;
    }
    this.ok++;
    this.max = Math.max(this.max, result.durationMs);
    if (this.sample.length < SAMPLE_SIZE) this.sample.push(result.durationMs);
    else {
      const slot = Math.floor(Math.random() * this.ok);
      if (slot < SAMPLE_SIZE) this.sample[slot] = result.durationMs;
    }
  }

  tally(inFlight: number): StatsTally {
    return {
      sessionsOk: this.ok,
      sessionsFailed: this.failed,
      failuresByReason: { ...this.reasons },
      rpcs: this.rpcs,
      inFlight,
      maxLatencyMs: this.max,
      latencySampleMs: [...this.sample],
    };
  }

  snapshot(inFlight: number): StatsSnapshot {
    return mergeTallies([this.tally(inFlight)]);
  }
}
