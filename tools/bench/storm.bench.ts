/**
 * bench:storm — a boot storm (issue 12 §2): STORM_DEVICES simulated CPEs each send one boot
 * Inform at a uniformly random moment of STORM_WINDOW_S seconds against the scaled topology as
 * processes (apps/platform-e2e's startScaledTopology: 2 gateways behind HAProxy, inventory,
 * provisioning instances, a real 3-broker Kafka cluster, Redis, and FerretDB as the MongoDB
 * server), and the bench waits until inventory's store holds every device's boot.
 *
 * Setup: 90 % of the fleet is already known to inventory (seeded before the storm straight into
 * the store, as inventory stores a first contact: see storm/seed.ts), so their Inform carries
 * `1 BOOT` only; the other STORM_FIRST_CONTACT_PCT % (10) are new: `0 BOOTSTRAP` + `1 BOOT`.
 * The simulator runs in STORM_PROCESSES processes of its own (SimulatorFleet), with TR-069's
 * retry behaviour: a 503's Retry-After honoured, otherwise the retry table's backoff.
 *
 * Measured: sessions the gateways admitted (answered with InformResponse) and their durations
 * (p99), 503s, when each device's InformResponse came, and when its boot was first found in the
 * store (lastBoot at or after the start). Every STORM_POLL_S seconds it reads inventory's lag on
 * cwmp.session-events (Kafka admin); the store itself, a scan of every device on FerretDB that
 * would compete with inventory's writes, only once every device was admitted and the lag is 0,
 * and at the deadline;
 * storm_lost counts devices told InformResponse whose boot is not in the store at the end;
 * storm_drain_s runs from the moment the first simulator process started its devices' boot clock
 * (the processes take a while to load) to the read that found the last boot (no earlier than the
 * recording, up to one poll later). Peak RSS is each process's VmHWM (the
 * kernel's high-water mark): the gateway figure is the larger pod's, provisioning the largest
 * instance's, kafka the sum over the cluster's processes (3 brokers and the controller). CPU
 * seconds per process over the storm are printed before the figures, for where the time went.
 *
 * Environment: STORM_DEVICES (100000), STORM_WINDOW_S (60), STORM_PROCESSES (simulator
 * processes, 2), STORM_FIRST_CONTACT_PCT (10), STORM_DEADLINE_S (1800: the longest wait for the
 * store, from the start), STORM_POLL_S (10), STORM_SIM_CONCURRENCY (sessions in flight over the
 * fleet at most, 4000), STORM_PROVISIONING (instances, 2), STORM_PARTITIONS (of
 * cwmp.session-events, 8), STORM_ADMISSION_BUDGET (each gateway's CWMP_ADMISSION_BUDGET; the
 * gateway's default when unset), STORM_PROFILE (comma-separated: gateway, inventory,
 * provisioning; their CPU profiles go to a directory printed at the end).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimulatorFleet } from '@acs/cpe-simulator';
import { startFerretDb } from '@acs/testing';
import {
  startScaledTopology,
  type ScaledTopology,
} from '../../apps/platform-e2e/src/support/scaled-topology';
import { BootRecords } from './storm/boot-records';
import { stormFigures, stormLines } from './storm/figures/storm-figures';
import { InventoryLag } from './storm/inventory-lag';
import { gatewayRefusals, refusalsLine } from './storm/refusals';
import { processUsageLine, stormProcesses, type StormProcesses } from './storm/processes';
import { fleetIdentities, seedKnownDevices, type StormFleet } from './storm/seed';
import { positiveIntegerEnv } from './support/env';
import { stage } from './support/stage';

const DEVICES = positiveIntegerEnv('STORM_DEVICES', 100_000);
const WINDOW_S = positiveIntegerEnv('STORM_WINDOW_S', 60);
const PROCESSES = positiveIntegerEnv('STORM_PROCESSES', 2);
const FIRST_CONTACT_PCT = positiveIntegerEnv('STORM_FIRST_CONTACT_PCT', 10);
const DEADLINE_S = positiveIntegerEnv('STORM_DEADLINE_S', 1800);
const POLL_S = positiveIntegerEnv('STORM_POLL_S', 10);
const SIM_CONCURRENCY = positiveIntegerEnv('STORM_SIM_CONCURRENCY', 4000);
const PROVISIONING = positiveIntegerEnv('STORM_PROVISIONING', 2);
const PARTITIONS = positiveIntegerEnv('STORM_PARTITIONS', 8);
const BUDGET = process.env['STORM_ADMISSION_BUDGET'];
const PROFILED = new Set((process.env['STORM_PROFILE'] ?? '').split(',').filter(Boolean));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const fleet: StormFleet = {
    devices: DEVICES,
    serialPattern: 'STORM%06d',
    firstContactShare: FIRST_CONTACT_PCT / 100,
  };
  const ferret = await startFerretDb();
  let topology: ScaledTopology | undefined;
  const profileDir = PROFILED.size > 0 ? mkdtempSync(join(tmpdir(), 'storm-profile-')) : '';
  const profiled = (service: string): Record<string, string> =>
    PROFILED.has(service)
      ? {
          NODE_OPTIONS: `--import=${join(import.meta.dirname, 'provisioning', 'cpu-profile.mjs')}`,
          BENCH_CPU_PROF_DIR: profileDir,
          BENCH_CPU_PROF_NAME: service,
        }
      : {};
  try {
    const uri = `${ferret.uri}storm`;
    const seedAt = new Date(Date.now() - 86_400_000);
    const seedStart = performance.now();
    const seeded = await seedKnownDevices(uri, fleet, seedAt, (done) => {
      if (done % 10_000 < 500) console.log(`seeding: ${done} known devices stored`);
    });
    const seedS = (performance.now() - seedStart) / 1000;
    console.log(
      `seeded ${seeded} known devices in ${seedS.toFixed(1)} s (${(seeded / seedS).toFixed(0)}/s, ` +
        'through the Mongo device store)',
    );
    topology = await startScaledTopology({
      mongodbUri: uri,
      partitions: PARTITIONS,
      provisioningInstances: PROVISIONING,
      gatewayEnv: { ...(BUDGET ? { CWMP_ADMISSION_BUDGET: BUDGET } : {}), ...profiled('gateway') },
      inventoryEnv: profiled('inventory'),
      provisioningEnv: profiled('provisioning'),
    });
    console.log(topology.kafka.description);
    console.log(ferret.info.description);
    console.log(
      `storm: ${DEVICES} devices (${FIRST_CONTACT_PCT} % first contact) over ${WINDOW_S} s, ` +
        `${PROCESSES} simulator processes, admission budget ${BUDGET ?? 'default'} per gateway`,
    );
    await storm(topology, fleet, uri, stormProcesses(topology, ferret.pid));
  } finally {
    await topology?.stop();
    await ferret.stop();
    if (profileDir) console.log(`cpu profiles: ${profileDir}`);
  }
}

async function storm(
  topology: ScaledTopology,
  fleetShape: StormFleet,
  mongodbUri: string,
  processes: StormProcesses,
): Promise<void> {
  const startedAt = Date.now();
  // A second of slack for clocks: the seeded boots are a day old.
  const records = await BootRecords.open(mongodbUri, new Date(startedAt - 1000));
  const cpuBefore = processes.cpu();
  const fleet = await SimulatorFleet.start(
    {
      acsUrl: topology.balancer.url,
      devices: fleetShape.devices,
      serialPattern: fleetShape.serialPattern,
      firstContactShare: fleetShape.firstContactShare,
      recordAdmitted: true,
      profile: 'tr181',
      bootSpreadMs: WINDOW_S * 1000,
      concurrency: SIM_CONCURRENCY,
      periodicEnabled: false,
      connectionRequests: false,
    },
    PROCESSES,
  );
  const lag = await InventoryLag.open(topology.kafka);
  let registered = 0;
  let lastOk = 0;
  let lastAt = startedAt;
  try {
    while (registered < fleetShape.devices && Date.now() - startedAt < DEADLINE_S * 1000) {
      await sleep(POLL_S * 1000);
      const { stats } = await fleet.stats();
      const admittedSoFar = (await fleet.admitted()).firstAcknowledged.length;
      const behind = await lag.messages();
      // The store is read (a scan on FerretDB) only once it should hold every boot.
      if (admittedSoFar === fleetShape.devices && behind === 0) registered = await records.read();
      const now = Date.now();
      const rate = ((stats.sessionsOk - lastOk) * 1000) / Math.max(1, now - lastAt);
      [lastOk, lastAt] = [stats.sessionsOk, now];
      const refusals = await gatewayRefusals(topology.gateways.map((gateway) => gateway.opsUrl));
      console.log(
        `t=${((now - startedAt) / 1000).toFixed(0)}s admitted ${admittedSoFar} ` +
          `inventory_lag ${behind} registered ${registered} ` +
          `sessions_ok ${stats.sessionsOk} rejected_503 ${stats.failuresByReason.busy ?? 0} ` +
          `other_failures ${stats.sessionsFailed - (stats.failuresByReason.busy ?? 0)} ` +
          `sessions/s ${rate.toFixed(0)} in_flight ${stats.inFlight}; ` +
          refusalsLine(refusals, stats.failuresByReason.busy ?? 0).replace(
            'storm_503_by_source ',
            '503 from ',
          ),
      );
    }
    const cpuAfter = processes.cpu();
    const admitted = await stage('reading admitted sessions', fleet.admitted(), 60_000);
    const { stats } = await fleet.stats();
    registered = await records.read();
    const serialOf = new Map(
      fleetIdentities(fleetShape).map(({ serial, deviceId }) => [deviceId, serial]),
    );
    const recorded = new Map<string, number>();
    for (const [deviceId, at] of records.firstSeen) {
      const serial = serialOf.get(deviceId);
      if (serial) recorded.set(serial, at);
    }
    const figures = stormFigures({
      devices: fleetShape.devices,
      // The simulator processes take a while to load: the storm starts with their boot clocks.
      startedAt: admitted.bootsFrom,
      acknowledged: new Map(admitted.firstAcknowledged),
      recorded,
      admittedDurationsMs: admitted.durationsMs,
      rejected503: stats.failuresByReason.busy ?? 0,
    });
    console.log(`sessions: ${JSON.stringify(stats)}`);
    if (figures.registered < fleetShape.devices)
      console.log(
        `the deadline (${DEADLINE_S} s) passed with ${fleetShape.devices - figures.registered} ` +
          'boots not in the store: storm_lost counts those told InformResponse among them, ' +
          'stored later or never',
      );
    console.log(processUsageLine(cpuBefore, cpuAfter, fleetShape.devices));
    console.log(
      refusalsLine(
        await gatewayRefusals(topology.gateways.map((gateway) => gateway.opsUrl)),
        figures.rejected503,
      ),
    );
    for (const line of stormLines(figures, processes.peakMemoryMb())) console.log(line);
  } finally {
    await fleet
      .stop()
      .catch((error: unknown) => console.error(`stopping the fleet: ${String(error)}`));
    await records.close();
    await lag.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
