/** What bench:provisioning prints: a line per round as it goes, and the figures (medians) last. */
import type { RoundFigures } from '../gateway/measure-round';
import { describeWaits, median } from '../gateway/report';
import { PROCESSES, type ProvisioningFigures } from './measure';

export type ProvisioningTarget = 'periodic_no_work' | 'preset_spv10';

const fixed = (value: number, digits = 0) => value.toFixed(digits);

export function describeStandIn(label: string, figures: RoundFigures): string {
  const cpu = figures.cpuUs;
  const failed = Object.keys(figures.failures).length > 0;
  return (
    `${label} stand_in: ${fixed(figures.sessionsPerSecond)} sessions/s, p50 ${fixed(figures.p50Ms)} ms, ` +
    `p99 ${fixed(figures.p99Ms)} ms; CPU us/session: gateway ${fixed(cpu.server)}, ` +
    `orchestrator ${fixed(cpu.orchestrator)}, kafka ${fixed(cpu.kafka)}, redis ${fixed(cpu.redis)}, ` +
    `generator ${fixed(cpu.generator)}; Redis reads/session ${fixed(figures.redisReads, 1)}; ` +
    `gateway waits ms/session: ${describeWaits(figures.waits)}` +
    (failed ? `; FAILED sessions: ${JSON.stringify(figures.failures)}` : '')
  );
}

export function describeProvisioning(
  label: string,
  target: ProvisioningTarget,
  figures: ProvisioningFigures,
  extra: string,
): string {
  const failed = Object.keys(figures.failures).length > 0;
  return (
    `${label} ${target}: ${figures.sessions} sessions, ${fixed(figures.sessionsPerSecond)} sessions/s, ` +
    `p50 ${fixed(figures.p50Ms)} ms, p99 ${fixed(figures.p99Ms)} ms, ` +
    `RPCs/session ${fixed(figures.rpcsPerSession, 2)}; CPU us/session: ` +
    PROCESSES.map((name) => `${name} ${fixed(figures.cpuUs[name])}`).join(', ') +
    `; Redis reads/session ${fixed(figures.redisReads, 1)}, marker reads ${fixed(figures.markerReads, 2)}, ` +
    `clean marks ${fixed(figures.cleanMarks, 2)}/session; gateway waits ms/session: ` +
    describeWaits(figures.waits) +
    (extra ? `; ${extra}` : '') +
    (failed ? `; FAILED sessions: ${JSON.stringify(figures.failures)}` : '')
  );
}

export interface BenchResults {
  standIn: RoundFigures[];
  periodic: ProvisioningFigures[];
  spv: ProvisioningFigures[];
  /** Of the (a) sessions measured, those provisioning ended on the fast path (marker clean). */
  fastPathShare: number[];
  /** Per (b) round: devices holding all ten values of that round afterwards, of how many. */
  converged: { converged: number; devices: number }[];
  /** Redis commands per (a)/(b) session, by process, from one MONITOR sample outside the rounds. */
  monitored: { target: ProvisioningTarget; perProcess: string[] }[];
}

export function printFigures(results: BenchResults): void {
  const line = (name: string, value: string) => console.log(`${name} ${value}`);
  const standIn = (pick: (figures: RoundFigures) => number) => median(results.standIn.map(pick));
  const standInRate = standIn((r) => r.sessionsPerSecond);
  line('stand_in_sessions_per_s', fixed(standInRate));
  line('stand_in_p50_ms', fixed(standIn((r) => r.p50Ms)));
  line('stand_in_p99_ms', fixed(standIn((r) => r.p99Ms)));
  for (const part of ['server', 'orchestrator', 'kafka', 'redis', 'generator'] as const)
    line(
      `stand_in_${part === 'server' ? 'gateway' : part}_cpu_us`,
      fixed(standIn((r) => r.cpuUs[part])),
    );
  line(
    'stand_in_redis_reads_per_session',
    fixed(
      standIn((r) => r.redisReads),
      1,
    ),
  );
  line(
    'stand_in_failed_sessions',
    String(
      results.standIn.reduce(
        (sum, r) => sum + Object.values(r.failures).reduce((a, b) => a + b, 0),
        0,
      ),
    ),
  );

  const targets: [ProvisioningTarget, ProvisioningFigures[]][] = [
    ['periodic_no_work', results.periodic],
    ['preset_spv10', results.spv],
  ];
  for (const [target, rounds] of targets) {
    const of = (pick: (figures: ProvisioningFigures) => number) => median(rounds.map(pick));
    line(`${target}_sessions_per_s`, fixed(of((r) => r.sessionsPerSecond)));
    line(`${target}_p50_ms`, fixed(of((r) => r.p50Ms)));
    line(`${target}_p99_ms`, fixed(of((r) => r.p99Ms)));
    line(
      `${target}_rpcs_per_session`,
      fixed(
        of((r) => r.rpcsPerSession),
        2,
      ),
    );
    for (const name of PROCESSES) line(`${target}_${name}_cpu_us`, fixed(of((r) => r.cpuUs[name])));
    line(
      `${target}_redis_reads_per_session`,
      fixed(
        of((r) => r.redisReads),
        1,
      ),
    );
    line(
      `${target}_failed_sessions`,
      String(
        rounds.reduce((sum, r) => sum + Object.values(r.failures).reduce((a, b) => a + b, 0), 0),
      ),
    );
  }
  line(
    'periodic_no_work_fast_path_share',
    `${results.fastPathShare.map((share) => fixed(share, 3)).join(', ')} (per round: 1 - clean marks / marker reads)`,
  );
  line(
    'preset_spv10_converged_devices',
    results.converged.map((c) => `${c.converged}/${c.devices}`).join(', ') + ' (per round)',
  );
  for (const sample of results.monitored)
    line(`${sample.target}_redis_commands_per_session`, sample.perProcess.join('; '));

  const periodicRate = median(results.periodic.map((r) => r.sessionsPerSecond));
  const spvRate = median(results.spv.map((r) => r.sessionsPerSecond));
  line('periodic_no_work / stand_in =', `${fixed(periodicRate / standInRate, 2)} (bar 0.7)`);
  line(
    'preset_spv10 / stand_in =',
    `${fixed(spvRate / standInRate, 2)} (${fixed(spvRate)} sessions/s, ` +
      `p50 ${fixed(median(results.spv.map((r) => r.p50Ms)))} ms, ` +
      `p99 ${fixed(median(results.spv.map((r) => r.p99Ms)))} ms, ` +
      `${fixed(median(results.spv.map((r) => r.rpcsPerSession)), 2)} RPCs/session; no bar)`,
  );
}
