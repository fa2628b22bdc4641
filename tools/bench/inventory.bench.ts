/**
 * bench:inventory — the inventory's write path and the API's read path on a device store, at
 * the size the issue asks for. `-- --store embedded` (the default: SQLite via better-sqlite3) or
 * `-- --store mongo` (the MongoDB store, on the server MONGODB_URI names or else on a FerretDB
 * of the bench's own; the embedded store then runs the same phases in the same run, and each
 * figure is printed with the embedded one and their ratio).
 *
 * 1. Fleet: BENCH_DEVICES devices (100,000; 20,000 with --store mongo) each get a first session,
 *    bootstrap Inform plus a GetParameterValues of the whole tree (TR-181: 388 values, TR-098:
 *    212, ~300 on average), through IngestSessionEvents in batches of BENCH_BATCH messages (500),
 *    as the consumer hands them over. Tags: one region tag per product class, `canary` on 1 %.
 * 2. Ingest: BENCH_INFORMS periodic Informs (20,000; 500 with --store mongo) of random known
 *    devices, one in ten with a changed value, same batching: the steady-state rate the 3,000
 *    informs/s bar is about.
 * 3. Queries, BENCH_QUERIES (200; 3 with --store mongo) of each kind through `find` as the API
 *    calls it (first page of 50, sorted by device id): by tag, by product class, by serial, by a
 *    parameter value; p50/p99.
 * 4. RSS of this process after each phase (for the embedded store it includes the pages of the
 *    SQLite file it memory-maps, so the JS heap is printed beside it) and bytes on disk per
 *    device (the SQLite file with its WAL; the Mongo database's storage and indexes).
 *
 * Where the time goes is printed per phase: time in each store method, and for the Mongo store
 * time per server command and collection (the driver's command monitoring).
 * BENCH_DIR keeps the embedded store there, BENCH_MONGO_DB the Mongo database (default: a fresh
 * one, dropped at the end); a run on a store that already holds the fleet skips phase 1.
 * Figures are printed last.
 */
import { InProcessEventBus } from '@acs/event-bus';
import { TOPICS } from '@acs/contracts';
import {
  DEFAULT_INVENTORY_SETTINGS,
  DevicePosture,
  IngestSessionEvents,
  LifecyclePublisher,
  SecretValues,
  WriteLock,
  type InventoryLog,
} from '@acs/inventory';
import {
  generateSecretKeyEntry,
  parseSecretKeys,
  SecretKeyring,
  SecretParameters,
} from '@acs/secrets';
import { openEmbedded, openMongo, type BenchStore } from './inventory/bench-stores';
import type { CommandTotal } from './inventory/command-times';
import { Figures, printFigures } from './inventory/figures';
import { fleetDevice } from './inventory/fleet';
import { buildFleet, periodicInforms, queries, type PhaseSettings } from './inventory/phases';
import { timeStoreCalls } from './inventory/store-calls';
import { positiveIntegerEnv } from './support/env';

const quietLog: InventoryLog = {
  info: () => undefined,
  warn: (message, fields) => process.stderr.write(`warn: ${message} ${JSON.stringify(fields)}\n`),
  error: (message, fields) => process.stderr.write(`error: ${message} ${JSON.stringify(fields)}\n`),
};

function storeArgument(): 'embedded' | 'mongo' {
  const at = process.argv.indexOf('--store');
  const value = at === -1 ? 'embedded' : process.argv[at + 1];
  if (value !== 'embedded' && value !== 'mongo')
    throw new Error(`--store takes embedded or mongo, got "${value}"`);
  return value;
}

const kind = storeArgument();
const mongo = kind === 'mongo';
/**
 * FerretDB reads every collection a statement touches (it uses no index, see
 * docs/architecture.md), so the Mongo run's Informs and queries are fewer by default.
 */
const settings: PhaseSettings = {
  devices: positiveIntegerEnv('BENCH_DEVICES', mongo ? 20_000 : 100_000),
  informs: positiveIntegerEnv('BENCH_INFORMS', mongo ? 500 : 20_000),
  queries: positiveIntegerEnv('BENCH_QUERIES', mongo ? 3 : 200),
  batch: positiveIntegerEnv('BENCH_BATCH', 500),
  page: 50,
};

/** Where the time went in one phase, for the report printed before the figures. */
function breakdown(phase: string, calls: CommandTotal[], commands?: CommandTotal[]): string[] {
  const list = (totals: CommandTotal[]) =>
    totals
      .slice(0, 6)
      .map(({ key, count, ms }) => `${key} ${(ms / 1000).toFixed(1)} s (${count})`)
      .join(', ');
  const lines = [`  ${phase}: store calls: ${list(calls)}`];
  if (commands) lines.push(`  ${phase}: server commands: ${list(commands)}`);
  return lines;
}

async function run(bench: BenchStore): Promise<{ figures: Figures; where: string[] }> {
  const timed = timeStoreCalls(bench.store);
  const store = timed.store;
  const bus = new InProcessEventBus();
  let announced = 0;
  bus.subscribe(TOPICS.events, () => void announced++);
  const ingest = new IngestSessionEvents(
    store,
    new LifecyclePublisher(bus, quietLog),
    new WriteLock(),
    quietLog,
    DEFAULT_INVENTORY_SETTINGS,
    new SecretValues(
      {
        keyring: new SecretKeyring(parseSecretKeys(generateSecretKeyEntry('bench'))),
        parameters: new SecretParameters(),
      },
      quietLog,
    ),
    new DevicePosture(quietLog),
  );
  const figures = new Figures();
  const where: string[] = [];
  const phaseDone = (phase: string) =>
    where.push(...breakdown(phase, timed.take(), bench.commands?.take()));

  // The last device of the fleet exists only once the whole fleet was built.
  const last = await store.get(fleetDevice(settings.devices - 1).deviceId, {
    subtree: 'Device.DeviceInfo.',
  });
  const first = await store.get(fleetDevice(0).deviceId, { subtree: 'Device.DeviceInfo.' });
  timed.take();
  bench.commands?.take();
  if (last) figures.record('fleet', `reused from ${bench.kept}`);
  else if (!first) await buildFleet(ingest, store, settings, figures);
  else throw new Error(`${bench.kept} holds part of a fleet, or another one: remove it`);
  phaseDone('fleet and tags');
  figures.record('rss after the fleet', memory());
  await periodicInforms(ingest, settings, figures);
  phaseDone('periodic informs');
  figures.record('rss after the informs', memory());
  figures.record('lifecycle events published', String(announced));
  await queries(store, settings, figures);
  phaseDone('queries');
  figures.record('rss after the queries', memory());
  const bytes = await bench.diskBytes();
  figures.record(
    'disk',
    `${(bytes / 2 ** 30).toFixed(2)} GiB, ${(bytes / settings.devices / 1024).toFixed(1)} KiB per device`,
  );
  return { figures, where };
}

async function measure(open: () => Promise<BenchStore>) {
  const bench = await open();
  try {
    return { description: bench.description, ...(await run(bench)) };
  } finally {
    await bench.close();
  }
}

async function main(): Promise<void> {
  const counts = `${settings.devices} devices, ${settings.informs} informs, ${settings.queries} queries of each kind`;
  const measured = await measure(() =>
    mongo
      ? openMongo(process.env['BENCH_MONGO_DB'])
      : Promise.resolve(openEmbedded(process.env['BENCH_DIR'])),
  );
  const embedded = mongo
    ? await measure(() => Promise.resolve(openEmbedded(process.env['BENCH_DIR'])))
    : undefined;

  process.stdout.write(
    `\nwhere the time goes (${measured.description}):\n${measured.where.join('\n')}\n`,
  );
  if (embedded)
    process.stdout.write(`where the time goes (embedded store):\n${embedded.where.join('\n')}\n`);
  const title = embedded
    ? `inventory bench: ${counts}, ${measured.description}; then the embedded store in the same run, and the ratio (its speed as a share of the embedded store's)`
    : `inventory bench: ${counts}, embedded store`;
  printFigures(title, measured.figures, embedded?.figures);
}

function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(0)} MiB`;
}

/** RSS counts the pages of the SQLite file the store memory-maps; the JS heap is apart. */
function memory(): string {
  const { rss, heapUsed } = process.memoryUsage();
  return `${mib(rss)} (JS heap ${mib(heapUsed)})`;
}

main().catch((error: unknown) => {
  process.stderr.write(`\n${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
