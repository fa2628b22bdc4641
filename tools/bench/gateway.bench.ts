/**
 * bench:gateway — periodic CWMP sessions (Inform, InformResponse, empty POST, 204) from the CPE
 * simulator through the gateway, Redis (redis-server) and Kafka (a real Apache Kafka cluster of 3
 * brokers, replication 3, min.insync.replicas 2, idempotent producer; `--kafka mock` for
 * librdkafka's one-broker mock cluster, to compare), with the stand-in orchestrator queueing END as soon as it sees SessionOpened; and in
 * the same run the floor: a bare node:http server answering the same exchange with canned bytes,
 * driven by the same simulator with the same settings. Every server is a child process of its own
 * (gateway/bench-stack.ts); the load generator is this process.
 *
 * With Digest, production's setting, a simulated CPE does what most CPE stacks do: it keeps the
 * last challenge and sends Authorization preemptively on its next session (same nonce, nc + 1),
 * so only a device's first session in a round (no nonce yet), or one whose nonce was refused or
 * had expired (CWMP_NONCE_LIFETIME_S), costs one more round trip, a 401. Both exchanges are
 * measured, each against a floor with the same round trips:
 *   floor            Inform -> 200, empty POST -> 204
 *   gateway_noauth   the same through the gateway with CWMP_AUTH=none
 *   floor_digest     Inform with the floor's nonce -> 200 (nothing verified), empty POST -> 204;
 *                    without it, first a canned 401 (the floor's one nonce never expires)
 *   gateway          the same through the gateway with Digest, as deployed
 * `<target>_401_sessions N of M` says how many of the measured sessions of each Digest target took
 * the 401 (each round starts a fresh simulator, whose devices take theirs in the warm-up, which
 * lasts until every device had its first session).
 * Rounds are interleaved (the order rotates) and medians are reported; the ratios are sessions/s
 * over the matching floor's. Then each target once more with few sessions in flight (latency
 * without queueing), and BENCH_HELD_SESSIONS sessions opened and left open, for Redis memory per
 * open session (gateway/held-sessions.ts).
 *
 * CPU time per session is given per process: `_server_cpu_us` (gateway or floor), the gateways'
 * `_redis_cpu_us`, `_kafka_cpu_us` (every broker and the controller, or the mock) and `_orchestrator_cpu_us`, and
 * `_generator_cpu_us` (the simulator, this process). Everything shares the machine's cores, so
 * their sum bounds sessions/s. `_redis_reads_per_session` counts the request batches Redis read
 * (unpipelined round trips), `_waits_ms_per_session` the time a session's requests waited on each
 * Kafka and Redis call (the gateway's own latency histograms). On a machine shared with other work
 * absolute figures drift; the ratios, measured in the same run, hold better.
 *
 * Environment: BENCH_DEVICES (simulated CPEs, 300), BENCH_CONCURRENCY (sessions in flight, 64),
 * BENCH_WARMUP_MS (per round, 1500), BENCH_FIRST_WARMUP_MS (first round of each target, 6000),
 * BENCH_DURATION_MS (measured, per round, 4000), BENCH_ROUNDS (3), BENCH_LIGHT_CONCURRENCY (4),
 * BENCH_HELD_SESSIONS (1000), BENCH_TARGETS (a comma list; default all four), BENCH_CPU_PROF (a
 * directory: each gateway writes a --cpu-prof profile in `<dir>/<target>` when it stops), BENCH_BUILT=1
 * (the gateways run built JavaScript, no TypeScript loader, as in production: for their RSS).
 */
import { TOPICS } from '@acs/contracts';
import type { CredentialsEntries } from '@acs/cpe-auth';
import { formatSerial, profileNamed } from '@acs/cpe-simulator';
import {
  startBenchStack,
  stopBenchStack,
  TARGETS,
  type BenchStack,
  type Target,
} from './gateway/bench-stack';
import type { ProcessUsage } from './gateway/child-ipc';
import { measureHeldSessions } from './gateway/held-sessions';
import { measureRound, type RoundFigures } from './gateway/measure-round';
import { describeRound, printFigures } from './gateway/report';
import { kafkaKindFromArgs } from './support/bench-kafka';
import { positiveIntegerEnv } from './support/env';
import { simulatedDeviceCredentials } from '../../apps/cwmp-gateway/src/test-support/gateway-stand';

/** BENCH_TARGETS, e.g. `gateway,floor_digest` to profile one pair; default: all four. */
function selectedTargets(raw: string | undefined): readonly Target[] {
  if (!raw) return TARGETS;
  const names = raw.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !(TARGETS as readonly string[]).includes(name));
  if (unknown.length > 0)
    throw new Error(`BENCH_TARGETS: unknown ${unknown.join(', ')}; known: ${TARGETS.join(', ')}`);
  return TARGETS.filter((target) => names.includes(target));
}

const DEVICES = positiveIntegerEnv('BENCH_DEVICES', 300);
const CONCURRENCY = positiveIntegerEnv('BENCH_CONCURRENCY', 64);
const WARMUP_MS = positiveIntegerEnv('BENCH_WARMUP_MS', 1500);
const FIRST_WARMUP_MS = positiveIntegerEnv('BENCH_FIRST_WARMUP_MS', 6000);
const DURATION_MS = positiveIntegerEnv('BENCH_DURATION_MS', 4000);
const ROUNDS = positiveIntegerEnv('BENCH_ROUNDS', 3);
const LIGHT_CONCURRENCY = positiveIntegerEnv('BENCH_LIGHT_CONCURRENCY', 4);
const HELD_SESSIONS = positiveIntegerEnv('BENCH_HELD_SESSIONS', 1000);
const CPU_PROFILE_DIR = process.env['BENCH_CPU_PROF'] || undefined;
const SELECTED = selectedTargets(process.env['BENCH_TARGETS']);
const BUILT = process.env['BENCH_BUILT'] === '1';

const PASSWORD = 'bench-cpe-secret';
const LOAD_SERIALS = 'BENCH%06d';
const HELD_SERIALS = 'HELD%06d';
const PARTITIONS = 4;

/** Every simulated CPE has its own credentials (username = serial), as in a real inventory. */
function credentials(): CredentialsEntries {
  const { oui, productClass } = profileNamed('tr181').identity;
  const serials = [
    ...Array.from({ length: DEVICES }, (_, i) => formatSerial(LOAD_SERIALS, i)),
    ...Array.from({ length: HELD_SESSIONS }, (_, i) => formatSerial(HELD_SERIALS, i)),
  ];
  return simulatedDeviceCredentials(oui, productClass, serials, PASSWORD);
}

const load = (concurrency: number, warmupMs: number, durationMs: number) => ({
  devices: DEVICES,
  concurrency,
  warmupMs,
  durationMs,
  serialPattern: LOAD_SERIALS,
  password: PASSWORD,
});

async function run(stack: BenchStack): Promise<void> {
  const atStart = new Map<Target, ProcessUsage>();
  for (const target of SELECTED) {
    const server = stack.servers.get(target);
    if (server) atStart.set(target, await server.usage());
  }
  const rounds = new Map<Target, RoundFigures[]>(SELECTED.map((target) => [target, []]));
  for (let round = 0; round < ROUNDS; round++) {
    // Rotate the order each round so that no target always follows the same neighbour.
    const order = SELECTED.map((_, i) => SELECTED[(i + round) % SELECTED.length] as Target);
    // Every process (simulator included) keeps getting cheaper per session for thousands of
    // sessions as V8 optimizes; the first round of each target gives it that time.
    const warmupMs = round === 0 ? FIRST_WARMUP_MS : WARMUP_MS;
    for (const target of order) {
      const figures = await measureRound(stack, target, load(CONCURRENCY, warmupMs, DURATION_MS));
      rounds.get(target)?.push(figures);
      console.log(describeRound(target, `round ${round + 1}`, figures));
    }
  }
  const light = new Map<Target, RoundFigures>();
  for (const target of SELECTED) {
    const figures = await measureRound(stack, target, load(LIGHT_CONCURRENCY, 500, 2000));
    light.set(target, figures);
    console.log(describeRound(target, `light load (${LIGHT_CONCURRENCY} in flight)`, figures));
  }
  const gateway = stack.servers.get('gateway');
  if (!gateway) throw new Error('the Digest gateway did not start');
  const held = await measureHeldSessions({
    url: gateway.url,
    redis: stack.redisClient,
    sessions: HELD_SESSIONS,
    serialPattern: HELD_SERIALS,
    password: PASSWORD,
    concurrency: 32,
  });

  const orchestration = await stack.orchestrator.call('counts');
  if (orchestration.invalid > 0 || orchestration.crashes > 0)
    console.log(`orchestrator saw invalid events or crashed: ${JSON.stringify(orchestration)}`);
  for (const [target, child] of stack.gateways) {
    const problems = await child.call('problems');
    if (problems.length > 0) console.log(`${target} logged: ${JSON.stringify(problems)}`);
  }
  printFigures({ rounds, light, held, atStart });
}

async function main(): Promise<void> {
  console.log(
    `gateways run ${BUILT ? 'the build (dist/bench/gateway, no loader)' : 'TypeScript through the loader'}; ` +
      `${DEVICES} simulated CPEs (TR-181), at most ${CONCURRENCY} sessions in flight; ` +
      `${ROUNDS} interleaved rounds x ${DURATION_MS} ms per target after ${WARMUP_MS} ms warm-up, ` +
      `medians; ${PARTITIONS} partitions of ${TOPICS.sessionEvents}`,
  );
  const stack: Partial<BenchStack> = {};
  try {
    const started = await startBenchStack(stack, {
      kafka: kafkaKindFromArgs(),
      partitions: PARTITIONS,
      credentials: credentials(),
      cpuProfileDir: CPU_PROFILE_DIR,
      builtGateways: BUILT,
    });
    console.log(started.kafka.description);
    await run(started);
  } finally {
    await stopBenchStack(stack);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
