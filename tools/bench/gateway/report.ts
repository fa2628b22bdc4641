/** What bench:gateway prints: a line per round as it goes, and the figures (medians) last. */
import { GATEWAYS, TARGETS, type Target } from './bench-stack';
import type { ProcessUsage } from './child-ipc';
import type { HeldSessionsFigures } from './held-sessions';
import type { RoundFigures } from './measure-round';

export function describeRound(target: Target, label: string, figures: RoundFigures): string {
  const cpu = figures.cpuUs;
  const failed = Object.keys(figures.failures).length > 0;
  return (
    `${label} ${target}: ${figures.sessionsPerSecond.toFixed(0)} sessions/s, ` +
    `p50 ${figures.p50Ms.toFixed(0)} ms, p99 ${figures.p99Ms.toFixed(0)} ms; CPU us/session: ` +
    `server ${cpu.server.toFixed(0)}, generator ${cpu.generator.toFixed(0)}` +
    (GATEWAYS.includes(target)
      ? `, redis ${cpu.redis.toFixed(0)}, kafka ${cpu.kafka.toFixed(0)}, ` +
        `orchestrator ${cpu.orchestrator.toFixed(0)}; Redis reads/session ${figures.redisReads.toFixed(1)}; ` +
        `waits ms/session: ${describeWaits(figures.waits)}`
      : '') +
    (failed ? `; FAILED sessions: ${JSON.stringify(figures.failures)}` : '')
  );
}

/** `redis-next 12.1 (1.0x)`: ms per session waiting on that call, and calls per session. */
export function describeWaits(waits: RoundFigures['waits']): string {
  return Object.entries(waits)
    .filter(([, wait]) => wait.calls > 0)
    .sort(([, a], [, b]) => b.ms - a.ms)
    .map(([name, wait]) => `${name} ${wait.ms.toFixed(1)} (${wait.calls.toFixed(1)}x)`)
    .join(', ');
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** The targets that challenge with Digest: their sessions may or may not take a 401. */
const DIGEST_TARGETS: readonly Target[] = ['floor_digest', 'gateway'];

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

export interface BenchResults {
  rounds: Map<Target, RoundFigures[]>;
  /** One round per target with few sessions in flight: latency without queueing. */
  light: Map<Target, RoundFigures>;
  held: HeldSessionsFigures;
  /** Each server's process right after it started, before any load. */
  atStart: Map<Target, ProcessUsage>;
}

export function printFigures({ rounds, light, held, atStart }: BenchResults): void {
  const medianOf = (target: Target, pick: (figures: RoundFigures) => number) =>
    median((rounds.get(target) ?? []).map(pick));
  const rate = (target: Target) => medianOf(target, (r) => r.sessionsPerSecond);
  const line = (name: string, value: string) => console.log(`${name} ${value}`);

  for (const target of TARGETS.filter((known) => rounds.has(known))) {
    line(`${target}_sessions_per_s`, rate(target).toFixed(0));
    line(`${target}_p50_ms`, medianOf(target, (r) => r.p50Ms).toFixed(0));
    line(`${target}_p99_ms`, medianOf(target, (r) => r.p99Ms).toFixed(0));
    const quiet = light.get(target);
    if (quiet) {
      line(`${target}_light_load_p50_ms`, quiet.p50Ms.toFixed(0));
      line(`${target}_light_load_p99_ms`, quiet.p99Ms.toFixed(0));
    }
    line(`${target}_server_cpu_us`, medianOf(target, (r) => r.cpuUs.server).toFixed(0));
    line(`${target}_generator_cpu_us`, medianOf(target, (r) => r.cpuUs.generator).toFixed(0));
    if (GATEWAYS.includes(target)) {
      for (const part of ['redis', 'kafka', 'orchestrator'] as const)
        line(`${target}_${part}_cpu_us`, medianOf(target, (r) => r.cpuUs[part]).toFixed(0));
      line(`${target}_redis_reads_per_session`, medianOf(target, (r) => r.redisReads).toFixed(1));
      const waits = (rounds.get(target) ?? []).map((r) => r.waits);
      const names = [...new Set(waits.flatMap((w) => Object.keys(w)))];
      const medianWaits = Object.fromEntries(
        names.map((name) => [
          name,
          {
            calls: median(waits.map((w) => w[name]?.calls ?? 0)),
            ms: median(waits.map((w) => w[name]?.ms ?? 0)),
          },
        ]),
      );
      line(`${target}_waits_ms_per_session`, describeWaits(medianWaits));
    }
    // The floors' memory is that of a bare Node process under the same TypeScript loader (swc):
    // the baseline to read the gateways' against. Taken at the end of each measured window.
    line(`${target}_rss_mb`, mb(medianOf(target, (r) => r.serverUsage.rssBytes)));
    const idle = atStart.get(target);
    if (idle) line(`${target}_rss_at_start_mb`, mb(idle.rssBytes));
    line(`${target}_heap_used_mb`, mb(medianOf(target, (r) => r.serverUsage.heapUsedBytes)));
    line(`${target}_heap_total_mb`, mb(medianOf(target, (r) => r.serverUsage.heapTotalBytes)));
    const failed = (rounds.get(target) ?? []).reduce(
      (sum, r) => sum + Object.values(r.failures).reduce((a, b) => a + b, 0),
      0,
    );
    line(`${target}_failed_sessions`, String(failed));
    if (DIGEST_TARGETS.includes(target)) {
      const sum = (pick: (r: RoundFigures) => number) =>
        (rounds.get(target) ?? []).reduce((total, r) => total + pick(r), 0);
      line(
        `${target}_401_sessions`,
        `${sum((r) => r.challengedSessions)} of ${sum((r) => r.sessions)}`,
      );
    }
  }
  const keys = Object.entries(held.keyBytes).map(([key, bytes]) => `${key} ${bytes}`);
  line(
    'redis_bytes_per_open_session',
    `${held.bytesPerSession.toFixed(0)} (${held.sessions} held; MEMORY USAGE per key: ${keys.join(', ')})`,
  );
  const ratio = (name: string, target: Target, floor: Target) => {
    if (rounds.has(target) && rounds.has(floor))
      line(name, (rate(target) / rate(floor)).toFixed(2));
  };
  ratio('gateway_noauth_ratio', 'gateway_noauth', 'floor');
  ratio('gateway_ratio', 'gateway', 'floor_digest');
  ratio('gateway_vs_plain_floor_ratio', 'gateway', 'floor');
}
