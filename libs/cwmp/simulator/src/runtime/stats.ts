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

const SAMPLE_SIZE = 20_000;

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

  snapshot(inFlight: number): StatsSnapshot {
    const sorted = [...this.sample].sort((a, b) => a - b);
    const at = (q: number): number =>
      sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
    return {
      sessionsOk: this.ok,
      sessionsFailed: this.failed,
      failuresByReason: { ...this.reasons },
      rpcs: this.rpcs,
      inFlight,
      latencyMs: { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: this.max },
    };
  }
}
