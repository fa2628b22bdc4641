/**
 * bench:provisioning — full-stack CWMP sessions per second through the gateway, Kafka (librdkafka
 * mock cluster), Redis (redis-server), and the real provisioning and inventory services, against
 * bench:gateway's stand-in orchestrator (which ENDs every session at once) in the same run:
 *   stand_in          the gateway with the stand-in, exactly bench:gateway's gateway_noauth target
 *                     (its measureRound: a new simulator per round, periodic sessions back to back);
 *   periodic_no_work  (a) `2 PERIODIC` sessions of devices provisioning already knows and has
 *                     nothing for: every device first has a full evaluation (its boot session, and
 *                     one session after each configuration change of (b)), which leaves its
 *                     pending-work marker clean, so that provisioning can END the session without
 *                     loading the device; the markers are checked before each round;
 *   preset_spv10      (b) one session per device right after the configuration of a preset that
 *                     matches the devices was replaced by a new version (10 parameter values, new
 *                     every round, strings templated with the serial): every session measured
 *                     applies a SetParameterValues of 10 values, and the values are checked on the
 *                     simulated devices afterwards.
 * CWMP_AUTH=none on both gateways (the simulator answers a Digest challenge in every session, so
 * Digest would add the same 401 round trip to all targets).
 *
 * Fairness: the two orchestrators cannot share a Kafka cluster (both would answer every session),
 * so each setup has its own cluster and gateway pod (provisioning/stacks.ts), sharing Redis; the
 * setup not being measured has its broker and consumers frozen (SIGSTOP), so that its polling
 * costs nothing. Provisioning's and inventory's fetch wait is the stand-in's 5 ms (KAFKA_MAX_WAIT_MS):
 * the mock answers a fetch only when the wait runs out, even with data (a real broker answers at
 * once), so the stand-in's wait is what makes the comparison about the services, not the mock.
 * Rounds alternate between the setups (the order rotates), medians are reported, ratios last.
 * (a) and (b) use separate devices (serials PA…, PB…), the stand-in its own (bench:gateway's).
 *
 * CPU time per session is given per process (gateway, provisioning, inventory, kafka, redis,
 * generator = this process, the simulator); `marker reads`/`clean marks` count Redis HMGET and
 * HSET calls, which only provisioning's pending-work marker makes: one read per session handled,
 * one clean mark per full evaluation, so 1 - marks/reads is the share that took the fast path.
 * After each (a) window, the time until inventory's group had committed every session event shows
 * that inventory kept up (its CPU per session is what keeping up costs, not a backlog left over).
 * After the rounds, one MONITOR sample per provisioning target gives Redis commands per session
 * by process (outside the measured windows: MONITOR slows Redis).
 *
 * Environment: BENCH_DEVICES (simulated CPEs per target, 300), BENCH_CONCURRENCY (sessions in
 * flight, 64), BENCH_WARMUP_MS (per round, 1500), BENCH_FIRST_WARMUP_MS (first round, 6000),
 * BENCH_DURATION_MS (measured, per round, 4000), BENCH_ROUNDS (3), BENCH_SPV_WARMUP_PASSES (2),
 * BENCH_FETCH_WAIT_MS (provisioning's and inventory's KAFKA_MAX_WAIT_MS, 5),
 * BENCH_CATCH_UP_TIMEOUT_MS (how long inventory may take to work off a window's backlog, 300000), BENCH_CPU_PROF (a
 * directory: provisioning and inventory write --cpu-prof profiles there when they stop).
 */
import type { Configuration, Preset } from '@acs/contracts';
import { measureRound, type RoundFigures } from './gateway/measure-round';
import { Fleet } from './provisioning/fleet';
import {
  figuresOf,
  inventoryCatchUpMs,
  readProvisioningSetup,
  type ProvisioningFigures,
} from './provisioning/measure';
import { markerCensus, monitorSample } from './provisioning/redis-probes';
import {
  describeProvisioning,
  describeStandIn,
  printFigures,
  type BenchResults,
  type ProvisioningTarget,
} from './provisioning/report';
import {
  convergedDevices,
  spvConfiguration,
  SPV_PARAMETERS,
} from './provisioning/spv-configuration';
import {
  freeze,
  frozenWith,
  startSetups,
  stopSetups,
  thaw,
  type BothSetups,
  type Setup,
} from './provisioning/stacks';
import { kafkaKindFromArgs } from './support/bench-kafka';
import { positiveIntegerEnv } from './support/env';

const DEVICES = positiveIntegerEnv('BENCH_DEVICES', 300);
const CONCURRENCY = positiveIntegerEnv('BENCH_CONCURRENCY', 64);
// Inventory on FerretDB takes periodic informs slower than the gateway lets them in: its backlog
// after a window is measured ("inventory had stored every event N ms after the window"), not cut
// off.
const CATCH_UP_TIMEOUT_MS = positiveIntegerEnv('BENCH_CATCH_UP_TIMEOUT_MS', 300_000);
const WARMUP_MS = positiveIntegerEnv('BENCH_WARMUP_MS', 1500);
const FIRST_WARMUP_MS = positiveIntegerEnv('BENCH_FIRST_WARMUP_MS', 6000);
const DURATION_MS = positiveIntegerEnv('BENCH_DURATION_MS', 4000);
const ROUNDS = positiveIntegerEnv('BENCH_ROUNDS', 3);
const SPV_WARMUP_PASSES = positiveIntegerEnv('BENCH_SPV_WARMUP_PASSES', 2);
const FETCH_WAIT_MS = positiveIntegerEnv('BENCH_FETCH_WAIT_MS', 5);
const CPU_PROFILE_DIR = process.env['BENCH_CPU_PROF'] || undefined;
const PARTITIONS = positiveIntegerEnv('BENCH_PARTITIONS', 4);

const PERIODIC_SERIALS = 'PA%06d';
const SPV_SERIALS = 'PB%06d';
const STAND_IN_SERIALS = 'BENCH%06d';

/** The setup whose round comes next runs; the other is frozen. */
class Turns {
  private running: Setup | undefined;
  constructor(private readonly setups: BothSetups) {}

  switchTo(setup: Setup): void {
    if (this.running === setup) return;
    const other: Setup = setup === 'stand_in' ? 'provisioning' : 'stand_in';
    freeze(frozenWith(this.setups, other));
    thaw(frozenWith(this.setups, setup));
    this.running = setup;
  }

  /** Both running again, e.g. to ask the stand-in for its counts. */
  thawAll(): void {
    thaw(frozenWith(this.setups, 'stand_in'));
    thaw(frozenWith(this.setups, 'provisioning'));
    this.running = undefined;
  }
}

/** The preset of (b) and the configuration it applies, replaced by a new version every pass. */
class SpvPreset {
  private configuration: Configuration | undefined;
  pass = 0;
  constructor(private readonly setups: BothSetups) {}

  async create(): Promise<void> {
    const api = this.setups.provisioning.api;
    this.configuration = await api.expect<Configuration>(
      201,
      'POST',
      '/configurations',
      spvConfiguration(this.pass),
    );
    await api.expect<Preset>(201, 'POST', '/presets', {
      name: 'bench spv10',
      configurationId: this.configuration.id,
      precedence: 10,
      match: { filter: { serialNumber: { $regex: '^PB' } } },
    });
  }

  async nextPass(): Promise<void> {
    const current = this.configuration;
    if (!current) throw new Error('create() first');
    this.pass++;
    this.configuration = await this.setups.provisioning.api.expect<Configuration>(
      200,
      'PUT',
      `/configurations/${current.id}`,
      { ...spvConfiguration(this.pass), version: current.version },
    );
  }
}

interface Fleets {
  periodic: Fleet;
  spv: Fleet;
}

/** Every (a) device once more (full evaluations after a change), then their markers checked. */
async function settlePeriodic(setups: BothSetups, fleets: Fleets): Promise<string> {
  const pass = await fleets.periodic.passOnce();
  const census = await markerCensus(setups.redisClient, fleets.periodic.serials);
  if (census.clean !== census.devices)
    console.log(
      `warning: ${census.devices - census.clean} of ${census.devices} (a) devices have no clean ` +
        `pending-work marker after a full session: their sessions cannot take the fast path`,
    );
  const failed = Object.values(pass.failures).reduce((a, b) => a + b, 0);
  return (
    `markers clean ${census.clean}/${census.devices} (rev ${census.revisions.join(',')})` +
    (failed ? `, settle pass had ${failed} failed sessions` : '')
  );
}

async function measureSpv(
  setups: BothSetups,
  fleets: Fleets,
  preset: SpvPreset,
): Promise<{ figures: ProvisioningFigures; converged: number }> {
  await preset.nextPass();
  const before = await readProvisioningSetup(setups);
  const cpuBefore = process.cpuUsage();
  const pass = await fleets.spv.passOnce();
  const cpu = process.cpuUsage(cpuBefore);
  const after = await readProvisioningSetup(setups);
  const figures = figuresOf('preset_spv10', pass, before, after, cpu.user + cpu.system);
  const { converged, firstMismatch } = convergedDevices(fleets.spv.simulator, preset.pass);
  if (converged !== DEVICES) console.log(`(b) not converged, e.g. ${firstMismatch ?? '?'}`);
  return { figures, converged };
}

async function measurePeriodic(
  setups: BothSetups,
  warmupMs: number,
  fleets: Fleets,
): Promise<ProvisioningFigures> {
  const readings: Awaited<ReturnType<typeof readProvisioningSetup>>[] = [];
  const tally = await fleets.periodic.driveFor(warmupMs, DURATION_MS, async () => {
    readings.push(await readProvisioningSetup(setups));
  });
  const [before, after] = readings;
  if (!before || !after) throw new Error('window edges not read');
  return figuresOf('periodic_no_work', tally, before, after, tally.generatorCpuUs);
}

/** Redis commands per session of one pass, by process, e.g. `provisioning get 1.00 hmget 1.00`. */
async function monitored(
  setups: BothSetups,
  pass: () => Promise<{ latenciesMs: number[] }>,
): Promise<string[]> {
  const { gateway, provisioning, inventory } = setups.provisioning;
  let sessions = 0;
  const sample = await monitorSample(
    setups.redis.url,
    {
      gateway: gateway.pid,
      provisioning: provisioning.child.pid ?? -1,
      inventory: inventory.child.pid ?? -1,
    },
    async () => {
      sessions = (await pass()).latenciesMs.length;
    },
  );
  return [...sample.byProcess].map(([process, commands]) => {
    const total = [...commands.values()].reduce((a, b) => a + b, 0);
    const each = [...commands]
      .sort(([, a], [, b]) => b - a)
      .map(([command, calls]) => `${command} ${(calls / sessions).toFixed(2)}`)
      .join(' ');
    return `${process} ${(total / sessions).toFixed(2)} (${each})`;
  });
}

async function run(setups: BothSetups): Promise<void> {
  const turns = new Turns(setups);
  turns.switchTo('provisioning');
  const url = setups.provisioning.gatewayUrl;
  const fleet = (serialPattern: string) =>
    new Fleet({ url, devices: DEVICES, concurrency: CONCURRENCY, serialPattern });
  const fleets: Fleets = { periodic: fleet(PERIODIC_SERIALS), spv: fleet(SPV_SERIALS) };
  const preset = new SpvPreset(setups);
  const results: BenchResults = {
    standIn: [],
    periodic: [],
    spv: [],
    fastPathShare: [],
    converged: [],
    monitored: [],
  };
  try {
    await preset.create();
    const booted = await Promise.all([fleets.periodic.boot(), fleets.spv.boot()]);
    console.log(
      `booted ${DEVICES} (a) and ${DEVICES} (b) devices: RPCs per boot session ` +
        booted
          .map((t) => (t.rpcCounts.reduce((a, b) => a + b, 0) / t.rpcCounts.length).toFixed(1))
          .join(' and '),
    );
    for (let pass = 0; pass < SPV_WARMUP_PASSES; pass++) {
      const { figures, converged } = await measureSpv(setups, fleets, preset);
      console.log(
        describeProvisioning('warm-up', 'preset_spv10', figures, `converged ${converged}`),
      );
    }
    console.log(`(a) before the rounds: ${await settlePeriodic(setups, fleets)}`);

    for (let round = 0; round < ROUNDS; round++) {
      const warmupMs = round === 0 ? FIRST_WARMUP_MS : WARMUP_MS;
      const label = `round ${round + 1}`;
      const order: Setup[] =
        round % 2 === 0 ? ['stand_in', 'provisioning'] : ['provisioning', 'stand_in'];
      for (const setup of order) {
        turns.switchTo(setup);
        if (setup === 'stand_in') {
          const figures: RoundFigures = await measureRound(setups.standIn, 'gateway_noauth', {
            devices: DEVICES,
            concurrency: CONCURRENCY,
            warmupMs,
            durationMs: DURATION_MS,
            serialPattern: STAND_IN_SERIALS,
            password: '',
          });
          results.standIn.push(figures);
          console.log(describeStandIn(label, figures));
          continue;
        }
        // A pass of fast-path sessions first: the setup was frozen, and it proves it is back.
        await fleets.periodic.passOnce();
        const spv = await measureSpv(setups, fleets, preset);
        results.spv.push(spv.figures);
        results.converged.push({ converged: spv.converged, devices: DEVICES });
        console.log(
          describeProvisioning(
            label,
            'preset_spv10',
            spv.figures,
            `${SPV_PARAMETERS} values of pass ${preset.pass} on ${spv.converged}/${DEVICES} devices`,
          ),
        );
        const settled = await settlePeriodic(setups, fleets);
        const periodic = await measurePeriodic(setups, warmupMs, fleets);
        const inventoryBehindMs = await inventoryCatchUpMs(setups, CATCH_UP_TIMEOUT_MS);
        results.periodic.push(periodic);
        const share = periodic.markerReads > 0 ? 1 - periodic.cleanMarks / periodic.markerReads : 0;
        results.fastPathShare.push(share);
        console.log(
          describeProvisioning(
            label,
            'periodic_no_work',
            periodic,
            `${settled}; fast path ${(share * 100).toFixed(1)} %; ` +
              `inventory had stored every event ${inventoryBehindMs} ms after the window`,
          ),
        );
      }
    }

    turns.switchTo('provisioning');
    const targets: [ProvisioningTarget, () => Promise<{ latenciesMs: number[] }>][] = [
      ['periodic_no_work', () => fleets.periodic.passOnce()],
      [
        'preset_spv10',
        async () => {
          await preset.nextPass();
          return fleets.spv.passOnce();
        },
      ],
    ];
    for (const [target, pass] of targets)
      results.monitored.push({ target, perProcess: await monitored(setups, pass) });

    turns.thawAll();
    const counts = await setups.standIn.orchestrator.call('counts');
    if (counts.invalid > 0 || counts.crashes > 0)
      console.log(`stand-in saw invalid events or crashed: ${JSON.stringify(counts)}`);
    for (const [name, gateway] of [
      ['stand-in gateway', setups.standIn.gateways.get('gateway_noauth')],
      ['provisioning gateway', setups.provisioning.gateway],
    ] as const) {
      const problems = (await gateway?.call('problems')) ?? [];
      if (problems.length > 0) console.log(`${name} logged: ${JSON.stringify(problems)}`);
    }
    const serviceProblems = ['provisioning', 'inventory'].flatMap((name) =>
      (name === 'provisioning' ? setups.provisioning.provisioning : setups.provisioning.inventory)
        .output()
        .split('\n')
        .filter((entry) => /"level":"(warn|error)"|^\s*(Error|at )/.test(entry))
        .slice(-5)
        .map((entry) => `${name}: ${entry}`),
    );
    if (serviceProblems.length > 0) console.log(serviceProblems.join('\n'));
  } finally {
    await Promise.all([fleets.periodic.stop(), fleets.spv.stop()]);
  }
  printFigures(results);
}

async function main(): Promise<void> {
  console.log(
    `${DEVICES} simulated CPEs (TR-181) per target, at most ${CONCURRENCY} sessions in flight; ` +
      `${ROUNDS} alternating rounds, ${DURATION_MS} ms per periodic target after ${WARMUP_MS} ms ` +
      `warm-up (first round ${FIRST_WARMUP_MS} ms), one pass over the devices for preset_spv10; ` +
      `medians; CWMP_AUTH=none; ${PARTITIONS} partitions; ` +
      `provisioning/inventory fetch wait ${FETCH_WAIT_MS} ms`,
  );
  const setups: Parameters<typeof startSetups>[0] = {};
  try {
    const started = await startSetups(setups, {
      kafka: kafkaKindFromArgs(),
      partitions: PARTITIONS,
      fetchWaitMs: FETCH_WAIT_MS,
      cpuProfileDir: CPU_PROFILE_DIR,
    });
    console.log(started.kafka.description);
    await run(started);
  } finally {
    await stopSetups(setups);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
