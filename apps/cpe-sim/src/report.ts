import type { StatsSnapshot } from '@acs/cpe-simulator';

/**
 * One line, rewritten in place every second while the simulator runs; the rate is over the last
 * interval (`previousOk` successful sessions `intervalSeconds` ago).
 */
export function progressLine(
  stats: StatsSnapshot,
  elapsedSeconds: number,
  previousOk: number,
  intervalSeconds: number,
): string {
  const rate = ((stats.sessionsOk - previousOk) / intervalSeconds).toFixed(1);
  return (
    `[${elapsedSeconds.toFixed(0)}s] sessions ok ${stats.sessionsOk}, failed ${stats.sessionsFailed}, ` +
    `in flight ${stats.inFlight}, ${rate}/s, p50 ${stats.latencyMs.p50} ms, p99 ${stats.latencyMs.p99} ms`
  );
}

/** The final report; `rssBytes` is summed over the `processes` that ran the simulation. */
export function summary(
  stats: StatsSnapshot,
  elapsedSeconds: number,
  rssBytes: number,
  processes = 1,
): string {
  const reasons = Object.entries(stats.failuresByReason)
    .map(([reason, count]) => `    ${reason}: ${count}`)
    .join('\n');
  return [
    `sessions ok:     ${stats.sessionsOk}`,
    `sessions failed: ${stats.sessionsFailed}${reasons ? `\n${reasons}` : ''}`,
    `ACS RPCs answered: ${stats.rpcs}`,
    `session latency: p50 ${stats.latencyMs.p50} ms, p90 ${stats.latencyMs.p90} ms, p99 ${stats.latencyMs.p99} ms, max ${stats.latencyMs.max} ms`,
    `elapsed: ${elapsedSeconds.toFixed(1)} s, RSS ${(rssBytes / 2 ** 20).toFixed(0)} MiB` +
      (processes > 1 ? ` (${processes} processes together)` : ''),
  ].join('\n');
}
