/**
 * bench:inventory — the inventory's write path and the API's read path on the embedded device
 * store (SQLite via better-sqlite3), at the size the issue asks for.
 *
 * 1. Fleet: BENCH_DEVICES devices (100,000) each get a first session, bootstrap Inform plus a
 *    GetParameterValues of the whole tree (TR-181: 388 values, TR-098: 212, ~300 on average),
 *    through IngestSessionEvents in batches of BENCH_BATCH messages (500), as the consumer hands
 *    them over. Tags: one region tag per product class, `canary` on 1 % of devices.
 * 2. Ingest: BENCH_INFORMS periodic Informs (20,000) of random known devices, one in ten with a
 *    changed value, same batching: the steady-state rate the 3,000 informs/s bar is about.
 * 3. Queries, BENCH_QUERIES (200) of each kind through `find` as the API calls it (first page of
 *    50, sorted by device id): by tag, by product class, by serial, by a parameter value; p50/p99.
 * 4. RSS of this process after each phase (it includes the pages of the SQLite file the store
 *    memory-maps, so the JS heap is printed beside it) and bytes on disk per device (the SQLite
 *    file with its WAL).
 *
 * BENCH_DIR keeps the store there (default: a temporary directory, removed at the end); a run
 * on a BENCH_DIR that already holds the fleet skips phase 1.
 * Figures are printed last.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConsumedMessage } from '@acs/event-bus';
import { InProcessEventBus } from '@acs/event-bus';
import { EmbeddedDeviceStore, type DeviceFilter } from '@acs/device-store';
import { TOPICS, type SessionEvent } from '@acs/contracts';
import {
  DEFAULT_INVENTORY_SETTINGS,
  IngestSessionEvents,
  LifecyclePublisher,
  WriteLock,
  type InventoryLog,
} from '@acs/inventory';
import { quantile } from './http-adapters/cwmp-load';
import {
  fleetDevice,
  firstSession,
  periodicInform,
  PRODUCT_CLASSES,
  softwareVersionOf,
  SOFTWARE_VERSIONS,
} from './inventory/fleet';
import { positiveIntegerEnv } from './support/env';

const DEVICES = positiveIntegerEnv('BENCH_DEVICES', 100_000);
const INFORMS = positiveIntegerEnv('BENCH_INFORMS', 20_000);
const QUERIES = positiveIntegerEnv('BENCH_QUERIES', 200);
const BATCH = positiveIntegerEnv('BENCH_BATCH', 500);
const PAGE = 50;
const keepDir = process.env['BENCH_DIR'];
const directory = keepDir ?? mkdtempSync(join(tmpdir(), 'inventory-bench-'));

const quietLog: InventoryLog = {
  info: () => undefined,
  warn: (message, fields) => process.stderr.write(`warn: ${message} ${JSON.stringify(fields)}\n`),
  error: (message, fields) => process.stderr.write(`error: ${message} ${JSON.stringify(fields)}\n`),
};

let offset = 0;
function messages(events: SessionEvent[]): ConsumedMessage[] {
  return events.map((event) => ({
    topic: TOPICS.sessionEvents,
    partition: 0,
    offset: String(offset++),
    key: event.deviceId,
    value: JSON.stringify(event),
  }));
}

function progress(text: string): void {
  process.stderr.write(`\r${text}\x1b[K`);
}

/** Deterministic pseudo-random ordinals, so runs pick the same devices. */
function* ordinals(count: number, seed: number): Generator<number> {
  let x = seed;
  for (let i = 0; i < count; i++) {
    x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
    yield x % DEVICES;
  }
}

interface Figures {
  record(name: string, value: string): void;
}

/** Phase 1: first sessions of the whole fleet, then tags. Only time inside ingest counts. */
async function buildFleet(
  ingest: IngestSessionEvents,
  store: EmbeddedDeviceStore,
  figures: Figures,
): Promise<void> {
  const start = Date.parse('2026-03-01T00:00:00.000Z');
  let fleetMs = 0;
  let fleetEvents = 0;
  let fleetParameters = 0;
  const devicesPerBatch = Math.max(1, Math.floor(BATCH / 2));
  for (let first = 0; first < DEVICES; first += devicesPerBatch) {
    const events: SessionEvent[] = [];
    for (let ordinal = first; ordinal < Math.min(DEVICES, first + devicesPerBatch); ordinal++) {
      const session = firstSession(fleetDevice(ordinal), new Date(start + ordinal * 10));
      for (const event of session)
        if (event.type === 'RpcResult' && event.result.kind === 'response')
          fleetParameters +=
            'parameters' in event.result.response ? event.result.response.parameters.length : 0;
      events.push(...session);
    }
    const batch = messages(events);
    const began = performance.now();
    await ingest.handle(batch);
    fleetMs += performance.now() - began;
    fleetEvents += batch.length;
    progress(`fleet: ${Math.min(DEVICES, first + devicesPerBatch)}/${DEVICES} devices`);
  }
  progress('');
  figures.record('fleet: first sessions/s (Inform + whole-tree GPV)', rate(DEVICES, fleetMs));
  figures.record('fleet: events/s', rate(fleetEvents, fleetMs));
  figures.record('fleet: parameter values/s', rate(fleetParameters, fleetMs));
  figures.record('fleet: parameters per device (mean)', (fleetParameters / DEVICES).toFixed(0));

  const tagsBegan = performance.now();
  for (let pc = 0; pc < PRODUCT_CLASSES; pc++)
    for (const base of ['SimGateway-181', 'SimIGD-098'])
      await store.updateTags({ productClass: `${base}-${pc}` }, [`region-${pc % 10}`], []);
  const canaries = [...new Set(ordinals(Math.ceil(DEVICES / 100), 7))].map(
    (ordinal) => fleetDevice(ordinal).serial,
  );
  for (let i = 0; i < canaries.length; i += 1_000)
    await store.updateTags({ serialNumber: { $in: canaries.slice(i, i + 1_000) } }, ['canary'], []);
  figures.record(
    'tags: tagging the fleet took',
    `${((performance.now() - tagsBegan) / 1000).toFixed(1)} s`,
  );
}

/** Phase 2: periodic Informs of random known devices, one in ten reporting a changed value. */
async function periodicInforms(ingest: IngestSessionEvents, figures: Figures): Promise<void> {
  // Unique per run, so that a reused fleet takes these Informs as new ones.
  const run = Date.now().toString(36);
  const picks = [...ordinals(INFORMS, 42)];
  let informMs = 0;
  for (let i = 0; i < picks.length; i += BATCH) {
    const events = picks
      .slice(i, i + BATCH)
      .map((ordinal, j) =>
        periodicInform(fleetDevice(ordinal), `${run}-${i + j}`, new Date(), (i + j) % 10 === 0),
      );
    const batch = messages(events);
    const began = performance.now();
    await ingest.handle(batch);
    informMs += performance.now() - began;
    progress(`periodic informs: ${Math.min(INFORMS, i + BATCH)}/${INFORMS}`);
  }
  progress('');
  figures.record(
    `ingest: periodic informs/s (known devices, batches of ${BATCH})`,
    rate(INFORMS, informMs),
  );
}

/** Phase 3: the API's list queries, first page of 50 sorted by device id. */
async function queries(store: EmbeddedDeviceStore, figures: Figures): Promise<void> {
  const serials = [...ordinals(QUERIES, 99)].map((ordinal) => fleetDevice(ordinal).serial);
  const kinds: [string, (i: number) => DeviceFilter, boolean?][] = [
    ['by tag (region-*, 10 %)', (i) => ({ tags: `region-${i % 10}` })],
    ['by tag (canary, 1 %)', () => ({ tags: 'canary' })],
    [
      'by product class (2.5 %)',
      (i) => ({ productClass: `SimGateway-181-${(i * 2) % PRODUCT_CLASSES}` }),
    ],
    ['by serial', (i) => ({ serialNumber: serials[i] })],
    [
      'by parameter value (SoftwareVersion, 1 %)',
      (i) => ({
        'parameters.Device.DeviceInfo.SoftwareVersion': softwareVersionOf(
          2 * (i % SOFTWARE_VERSIONS),
        ),
      }),
    ],
    [
      'by product class, with total',
      (i) => ({ productClass: `SimIGD-098-${(i * 2 + 1) % PRODUCT_CLASSES}` }),
      true,
    ],
  ];
  for (const [name, filterOf, withTotal] of kinds) {
    const latencies = new Float64Array(QUERIES);
    let found = 0;
    for (let i = 0; i < QUERIES; i++) {
      const began = performance.now();
      const page = await store.find({
        filter: filterOf(i),
        limit: PAGE,
        sort: { deviceId: 1 },
        withTotal,
      });
      latencies[i] = performance.now() - began;
      found += page.devices.length;
      if (page.devices.length === 0)
        throw new Error(`query ${name} found nothing: the bench is wrong`);
    }
    latencies.sort();
    figures.record(
      `query ${name}: p50 / p99`,
      `${quantile(latencies, 0.5).toFixed(1)} / ${quantile(latencies, 0.99).toFixed(1)} ms (${(found / QUERIES).toFixed(0)} devices per page)`,
    );
  }
}

async function main(): Promise<void> {
  const store = new EmbeddedDeviceStore({ directory });
  const bus = new InProcessEventBus();
  let announced = 0;
  bus.subscribe(TOPICS.events, () => void announced++);
  const ingest = new IngestSessionEvents(
    store,
    new LifecyclePublisher(bus, quietLog),
    new WriteLock(),
    quietLog,
    DEFAULT_INVENTORY_SETTINGS,
  );
  const lines: [string, string][] = [];
  const figures: Figures = { record: (name, value) => void lines.push([name, value]) };

  // The last device of the fleet exists only once the whole fleet was built.
  const last = await store.get(fleetDevice(DEVICES - 1).deviceId, {
    subtree: 'Device.DeviceInfo.',
  });
  const first = await store.get(fleetDevice(0).deviceId, { subtree: 'Device.DeviceInfo.' });
  if (last) figures.record('fleet', `reused from ${directory}`);
  else if (!first) await buildFleet(ingest, store, figures);
  else throw new Error(`${directory} holds part of a fleet, or another one: remove it`);
  figures.record('rss after the fleet', memory());
  await periodicInforms(ingest, figures);
  figures.record('rss after the informs', memory());
  figures.record('lifecycle events published', String(announced));
  await queries(store, figures);

  // 4. Memory and disk.
  figures.record('rss after the queries', memory());
  await store.close();
  const bytes = readdirSync(directory)
    .filter((name) => name.startsWith('devices.sqlite'))
    .reduce((sum, name) => sum + statSync(join(directory, name)).size, 0);
  figures.record(
    'disk',
    `${(bytes / 2 ** 30).toFixed(2)} GiB, ${(bytes / DEVICES / 1024).toFixed(1)} KiB per device`,
  );
  if (!keepDir) rmSync(directory, { recursive: true, force: true });

  const width = Math.max(...lines.map(([name]) => name.length));
  process.stdout.write(`\ninventory bench: ${DEVICES} devices, embedded store\n`);
  for (const [name, value] of lines) process.stdout.write(`${name.padEnd(width)}  ${value}\n`);
}

function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(0)} MiB`;
}

/** RSS counts the pages of the SQLite file the store memory-maps; the JS heap is apart. */
function memory(): string {
  const { rss, heapUsed } = process.memoryUsage();
  return `${mib(rss)} (JS heap ${mib(heapUsed)})`;
}

function rate(count: number, ms: number): string {
  return Math.round((count / ms) * 1000).toLocaleString('en');
}

main().catch((error: unknown) => {
  process.stderr.write(`\n${error instanceof Error ? error.stack : String(error)}\n`);
  if (!keepDir) rmSync(directory, { recursive: true, force: true });
  process.exitCode = 1;
});
