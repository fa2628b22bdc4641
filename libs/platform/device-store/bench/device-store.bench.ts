/**
 * Embedded device store at fleet scale: populates DEVICES devices with ~300 parameters each,
 * then measures Inform ingest (DeviceUpdates of ~15 parameters, batches of 100 and 500), query
 * latency of indexed and unindexed finds, and bytes on disk per device. Not a test: run by hand,
 *   node --import @swc-node/register/esm-register libs/platform/device-store/bench/device-store.bench.ts
 * (BENCH_DEVICES=10000 for a quick run; BENCH_DIR to keep the store, BENCH_REUSE=1 to reuse it).
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeviceFilter, DeviceQuery, EmbeddedDeviceStore } from '../src';
import { deviceId, informParameters, iso, PRODUCT_CLASSES, tree, update, VERSIONS } from './fleet';

const DEVICES = Number(process.env['BENCH_DEVICES'] ?? 100_000);
const directory = process.env['BENCH_DIR'] ?? mkdtempSync(join(tmpdir(), 'device-store-bench-'));

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function populate(store: EmbeddedDeviceStore): Promise<void> {
  const start = performance.now();
  for (let i = 0; i < DEVICES; i += 50) {
    const batch = [];
    for (let j = i; j < Math.min(DEVICES, i + 50); j++) batch.push(update(j, j, tree(j, iso(j))));
    await store.applyBatch(batch);
    if (i % 20_000 === 0) console.log(`  populated ${i}`);
  }
  const seconds = (performance.now() - start) / 1000;
  console.log(`populate: ${(DEVICES / seconds).toFixed(0)} devices/s (${seconds.toFixed(1)} s)`);
  for (let zone = 0; zone < 50; zone++) {
    const members = Array.from({ length: DEVICES / 50 }, (_, k) => deviceId(k * 50 + zone));
    await store.updateTags({ deviceId: { $in: members.slice(0, 1000) } }, [`zone-${zone}`], []);
  }
}

async function main(): Promise<void> {
  const store = new EmbeddedDeviceStore({ directory });
  console.log(`store: ${store.file}; devices: ${DEVICES}; parameters each: ${tree(0, '').length}`);

  let start = performance.now();
  // BENCH_REUSE=1 with BENCH_DIR: measure on the store a previous run populated.
  if (!process.env['BENCH_REUSE']) await populate(store);
  let clock = Date.now();
  for (const batchSize of [100, 250, 500]) {
    const informs = 30_000;
    let inStore = 0;
    const cpu = process.cpuUsage();
    for (let n = 0; n < informs; n += batchSize) {
      const batch = [];
      for (let k = 0; k < batchSize; k++) {
        const i = Math.floor(Math.random() * DEVICES);
        clock += 1_000;
        batch.push(update(i, clock, informParameters(i, clock)));
      }
      const t = performance.now();
      await store.applyBatch(batch);
      inStore += performance.now() - t;
    }
    const used = process.cpuUsage(cpu);
    console.log(
      `ingest, batches of ${batchSize}: ${(informs / (inStore / 1000)).toFixed(0)} informs/s ` +
        `(CPU ${((used.user + used.system) / informs).toFixed(0)} µs/inform incl. building them)`,
    );
  }

  const queries: [string, (k: number) => DeviceQuery][] = [
    [
      'serialNumber equality',
      (k) => ({
        filter: { serialNumber: `SN${String((k * 7919) % DEVICES).padStart(8, '0')}` },
        limit: 10,
      }),
    ],
    [
      'productClass, page of 50 + total',
      (k) => ({ filter: { productClass: `HG${k % PRODUCT_CLASSES}` }, limit: 50, withTotal: true }),
    ],
    [
      'tag, page of 50 + total',
      (k) => ({ filter: { tags: `zone-${k % 50}` }, limit: 50, withTotal: true }),
    ],
    [
      'parameter equality, page of 50 + total',
      (k) => ({
        filter: { 'parameters.Device.DeviceInfo.SoftwareVersion': `v${k % VERSIONS}.0` },
        limit: 50,
        withTotal: true,
      }),
    ],
    [
      'parameter + productClass, page of 100',
      (k) => ({
        filter: {
          'parameters.Device.DeviceInfo.SoftwareVersion': `v${k % VERSIONS}.0`,
          productClass: `HG${k % PRODUCT_CLASSES}`,
        },
        limit: 100,
      }),
    ],
    [
      'parameter range, sorted by lastInform',
      (k) => ({
        filter: { 'parameters.Device.DeviceInfo.UpTime': { $gte: (k * 1000) % (DEVICES * 7) } },
        sort: { lastInform: -1 },
        limit: 50,
      }),
    ],
    [
      'lastInform range, sorted, projection',
      (k) => ({
        filter: { lastInform: { $gte: iso(k * 100) } },
        sort: { lastInform: 1 },
        projection: ['serialNumber', 'parameters.Device.DeviceInfo.'],
        limit: 50,
      }),
    ],
    [
      'indexed + mingo ($regex on SSID), page of 50',
      (k) => ({
        filter: {
          productClass: `HG${k % PRODUCT_CLASSES}`,
          'parameters.Device.WiFi.SSID.1.SSID': { $regex: `^net-${k % 9}` },
        },
        limit: 50,
      }),
    ],
    [
      'unindexed $regex on serial + total (mingo over all)',
      (k) => ({
        filter: { serialNumber: { $regex: `^SN0000${k % 10}` } },
        limit: 50,
        withTotal: true,
      }),
    ],
  ];
  for (const [name, make] of queries) {
    const times: number[] = [];
    const runs = name.startsWith('unindexed') ? 10 : 60;
    let found = 0;
    for (let k = 0; k < runs; k++) {
      const t = performance.now();
      const page = await store.find(make(k));
      times.push(performance.now() - t);
      found += page.devices.length;
    }
    times.sort((a, b) => a - b);
    console.log(
      `query ${name}: p50 ${percentile(times, 50).toFixed(1)} ms, p99 ${percentile(times, 99).toFixed(1)} ms (${(found / runs).toFixed(0)} devices/page)`,
    );
  }
  const gets: number[] = [];
  for (let k = 0; k < 200; k++) {
    const t = performance.now();
    await store.get(deviceId((k * 7919) % DEVICES));
    gets.push(performance.now() - t);
  }
  gets.sort((a, b) => a - b);
  console.log(
    `get whole device: p50 ${percentile(gets, 50).toFixed(2)} ms, p99 ${percentile(gets, 99).toFixed(2)} ms`,
  );
  const filter: DeviceFilter = { productClass: 'HG3' };
  let pages = 0;
  let cursor: string | undefined;
  start = performance.now();
  do {
    const page = await store.find({ filter, limit: 500, ...(cursor ? { cursor } : {}) });
    cursor = page.nextCursor;
    pages++;
  } while (cursor);
  console.log(
    `cursor walk of productClass HG3 by 500: ${pages} pages in ${(performance.now() - start).toFixed(0)} ms`,
  );

  await store.close();
  const bytes = readdirSync(directory).reduce(
    (sum, f) => sum + statSync(join(directory, f)).size,
    0,
  );
  console.log(
    `disk: ${(bytes / 1e9).toFixed(2)} GB, ${(bytes / DEVICES).toFixed(0)} bytes per device`,
  );
  if (!process.env['BENCH_DIR']) rmSync(directory, { recursive: true, force: true });
}

await main();
