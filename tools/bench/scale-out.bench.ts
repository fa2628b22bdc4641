/**
 * bench:scale-out — does a second gateway pod add sessions per second? Periodic CWMP sessions
 * (Inform, InformResponse, empty POST, 204; CWMP_AUTH=none) from the simulator, in a process of
 * its own, through HAProxy with no stickiness (each request of a session may reach either pod) to
 * (a) one gateway pod and (b) two, both on the same Redis, the real 3-broker Kafka cluster and
 * bench:gateway's stand-in orchestrator (scale-out/stack.ts). Rounds alternate between the two
 * setups (the order rotates); medians are reported.
 *
 * On one machine every process shares the same cores: the second pod can only use what the
 * simulator, Kafka, Redis, the balancer and the first pod leave. So the CPU time per session of
 * each process is printed too, and the ceiling it implies (cores x 1 s / summed CPU per session):
 * docs/sizing.md models a fleet's cores from these figures, not from the ratio.
 *
 * The bytes the gateways wrote to cwmp.session-events per session (key + value, as a consumer of the
 * bench's own reads them) give Kafka's disk and network per session.
 *
 * Prints, last: `scale_out_one_gateway_sessions_per_s`, `scale_out_two_gateways_sessions_per_s`,
 * `scale_out_ratio` (two over one).
 *
 * Environment: BENCH_DEVICES (simulated CPEs, 600), BENCH_CONCURRENCY (sessions in flight, 128),
 * BENCH_WARMUP_MS (per round, 2000), BENCH_FIRST_WARMUP_MS (first round of each setup, 6000),
 * BENCH_DURATION_MS (measured, per round, 5000), BENCH_ROUNDS (3), BENCH_BUILT (1: the pods run
 * the build, as in production; 0: TypeScript through the loader). `-- --kafka mock` runs on
 * librdkafka's mock cluster instead.
 */
import { availableParallelism } from 'node:os';
import { TOPICS } from '@acs/contracts';
import { median } from './gateway/report';
import { kafkaKindFromArgs } from './support/bench-kafka';
import { positiveIntegerEnv } from './support/env';
import { measureScaleOutRound, totalCpuUs, type ScaleOutRound } from './scale-out/measure';
import {
  SETUPS,
  startScaleOutStack,
  stopScaleOutStack,
  type ScaleOutStack,
  type Setup,
} from './scale-out/stack';

const DEVICES = positiveIntegerEnv('BENCH_DEVICES', 600);
const CONCURRENCY = positiveIntegerEnv('BENCH_CONCURRENCY', 128);
const WARMUP_MS = positiveIntegerEnv('BENCH_WARMUP_MS', 2000);
const FIRST_WARMUP_MS = positiveIntegerEnv('BENCH_FIRST_WARMUP_MS', 6000);
const DURATION_MS = positiveIntegerEnv('BENCH_DURATION_MS', 5000);
const ROUNDS = positiveIntegerEnv('BENCH_ROUNDS', 3);
const BUILT = process.env['BENCH_BUILT'] !== '0';
const PARTITIONS = 4;
const CORES = availableParallelism();

function describe(setup: Setup, label: string, round: ScaleOutRound): string {
  const { cpuUs } = round;
  const total = totalCpuUs(cpuUs);
  const failures = Object.keys(round.failures).length
    ? ` failures ${JSON.stringify(round.failures)}`
    : '';
  return (
    `${label} ${setup}: ${round.sessionsPerSecond.toFixed(0)} sessions/s, p50 ${round.p50Ms.toFixed(0)} ms, ` +
    `p99 ${round.p99Ms.toFixed(0)} ms;${failures} CPU us/session: gateways ` +
    `${cpuUs.gateways.map((value) => value.toFixed(0)).join(' + ')}, balancer ${cpuUs.balancer.toFixed(0)}, ` +
    `simulator ${cpuUs.generator.toFixed(0)}, redis ${cpuUs.redis.toFixed(0)}, kafka ${cpuUs.kafka.toFixed(0)}, ` +
    `orchestrator ${cpuUs.orchestrator.toFixed(0)}; total ${total.toFixed(0)} ` +
    `(ceiling on ${CORES} cores ${((CORES * 1e6) / total).toFixed(0)} sessions/s)`
  );
}

async function run(stack: ScaleOutStack): Promise<void> {
  const rounds = new Map<Setup, ScaleOutRound[]>(SETUPS.map((setup) => [setup, []]));
  for (let round = 0; round < ROUNDS; round++) {
    const order = SETUPS.map((_, i) => SETUPS[(i + round) % SETUPS.length] as Setup);
    for (const setup of order) {
      const figures = await measureScaleOutRound(stack, setup, {
        devices: DEVICES,
        concurrency: CONCURRENCY,
        warmupMs: round === 0 ? FIRST_WARMUP_MS : WARMUP_MS,
        durationMs: DURATION_MS,
        serialPattern: 'SCALE%06d',
      });
      rounds.get(setup)?.push(figures);
      console.log(describe(setup, `round ${round + 1}`, figures));
    }
  }
  const rate = (setup: Setup) => median((rounds.get(setup) ?? []).map((r) => r.sessionsPerSecond));
  for (const setup of SETUPS) {
    const all = rounds.get(setup) ?? [];
    const pick = (f: (r: ScaleOutRound) => number) => median(all.map(f));
    console.log(
      `${setup} medians: ${rate(setup).toFixed(0)} sessions/s, p99 ${pick((r) => r.p99Ms).toFixed(0)} ms, ` +
        `gateway CPU us/session ${pick((r) => r.cpuUs.gateways.reduce((a, b) => a + b, 0)).toFixed(0)}, ` +
        `all processes ${pick((r) => totalCpuUs(r.cpuUs)).toFixed(0)}; cwmp.session-events ` +
        `${pick((r) => r.kafkaRecords).toFixed(2)} records, ${pick((r) => r.kafkaBytes).toFixed(0)} bytes (key + value) per session`,
    );
  }
  const one = rate('one_gateway');
  const two = rate('two_gateways');
  console.log(`scale_out_one_gateway_sessions_per_s ${one.toFixed(0)}`);
  console.log(`scale_out_two_gateways_sessions_per_s ${two.toFixed(0)}`);
  console.log(`scale_out_ratio ${(two / one).toFixed(2)}`);
}

async function main(): Promise<void> {
  console.log(
    `gateways run ${BUILT ? 'the build (no loader)' : 'TypeScript through the loader'}; ${DEVICES} ` +
      `simulated CPEs (TR-181) in their own process, at most ${CONCURRENCY} sessions in flight; ` +
      `${ROUNDS} interleaved rounds x ${DURATION_MS} ms per setup; ${PARTITIONS} partitions of ` +
      `${TOPICS.sessionEvents}; ${CORES} cores`,
  );
  const stack: Partial<ScaleOutStack> = {};
  try {
    const started = await startScaleOutStack(stack, {
      kafka: kafkaKindFromArgs(),
      partitions: PARTITIONS,
      builtGateways: BUILT,
    });
    console.log(started.kafka.description);
    await run(started);
  } finally {
    await stopScaleOutStack(stack);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
