/**
 * bench:sim — how much memory one simulator process needs per idle CPE. BENCH_SIM_DEVICES (10,000)
 * TR-181 CPEs start in one simulator process, periodic informs on (next one a day away) and
 * connection-request listeners on (HTTP and UDP, every device with its ConnectionRequestURL and
 * UDPConnectionRequestAddress), each runs its one bootstrap session against bench:gateway's floor
 * (a bare node:http server answering the Inform with an InformResponse and the empty POST with
 * 204), and then the simulator process's RSS is read. The simulator and the floor are child
 * processes of their own, so the RSS is the simulator's alone; both readings follow a full garbage
 * collection.
 *
 * It prints, last: `sim_cpes`, `sim_rss_mb` (the simulator process with every CPE idle) and
 * `sim_bytes_per_idle_cpe` (its RSS growth since before the CPEs were created, over the count).
 * Before them, the live heap per idle CPE: the RSS growth also holds V8's headroom and native
 * memory kept from the sessions, which vary by several KB per CPE from run to run, so a change
 * to what a device holds shows in the heap figure first.
 *
 * Environment: BENCH_SIM_DEVICES (10000), BENCH_CONCURRENCY (sessions in flight, 100),
 * BENCH_HEAP_SNAPSHOT (a file: the simulator writes a heap snapshot there once the CPEs are idle).
 */
import { join } from 'node:path';
import { ChildHandle } from './gateway/child-ipc';
import type { FloorApi } from './gateway/floor-process';
import type { SimulatorApi } from './sim/simulator-process';
import { positiveIntegerEnv } from './support/env';

const DEVICES = positiveIntegerEnv('BENCH_SIM_DEVICES', 10_000);
const CONCURRENCY = positiveIntegerEnv('BENCH_CONCURRENCY', 100);
const HEAP_SNAPSHOT = process.env['BENCH_HEAP_SNAPSHOT'] || undefined;

const MIB = 1024 * 1024;

async function main(): Promise<void> {
  const floor = ChildHandle.fork<FloorApi>(
    'floor',
    join(import.meta.dirname, 'gateway', 'floor-process.ts'),
  );
  const simulator = ChildHandle.fork<SimulatorApi>(
    'simulator',
    join(import.meta.dirname, 'sim', 'simulator-process.ts'),
    ['--expose-gc'],
  );
  try {
    const { url } = await floor.call('start', { challenge: false });
    const before = await simulator.call('baseline');
    // ChildHandle's call deadline (60 s) ends a run whose sessions hang.
    const run = await simulator.call('run', {
      acsUrl: url,
      devices: DEVICES,
      concurrency: CONCURRENCY,
      ...(HEAP_SNAPSHOT ? { heapSnapshotPath: HEAP_SNAPSHOT } : {}),
    });
    const { stats, usage } = run;
    console.log(
      `${DEVICES} TR-181 CPEs, ${CONCURRENCY} sessions in flight at most: ` +
        `sessions ok ${stats.sessionsOk}, failed ${stats.sessionsFailed} ` +
        `${JSON.stringify(stats.failuresByReason)} in ${run.sessionsSeconds.toFixed(1)} s; ` +
        `reachable by connection request ${run.reachable}`,
    );
    console.log(
      `simulator before the CPEs: RSS ${(before.rssBytes / MIB).toFixed(1)} MiB, ` +
        `heap used ${(before.heapUsedBytes / MIB).toFixed(1)} MiB; with them idle: ` +
        `heap used ${(usage.heapUsedBytes / MIB).toFixed(1)} MiB, ` +
        `heap total ${(usage.heapTotalBytes / MIB).toFixed(1)} MiB; live heap per idle CPE ` +
        `${((usage.heapUsedBytes - before.heapUsedBytes) / DEVICES).toFixed(0)} bytes`,
    );
    if (stats.sessionsOk !== DEVICES || run.reachable !== DEVICES)
      throw new Error('not every CPE ran its session and is reachable: the figures would not hold');
    console.log(`sim_cpes ${DEVICES}`);
    console.log(`sim_rss_mb ${(usage.rssBytes / MIB).toFixed(0)}`);
    console.log(
      `sim_bytes_per_idle_cpe ${((usage.rssBytes - before.rssBytes) / DEVICES).toFixed(0)}`,
    );
  } finally {
    await Promise.all([simulator.stop(), floor.stop()]);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
