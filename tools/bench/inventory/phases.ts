/**
 * The phases of bench:inventory, the same for every device store: the fleet's first sessions
 * and tags, periodic Informs, and the API's list queries. Only time inside the consumer (or the
 * store call, for tags and queries) counts.
 */
import type { ConsumedMessage } from '@acs/event-bus';
import type { DeviceFilter, DeviceStore } from '@acs/device-store';
import { TOPICS, type SessionEvent } from '@acs/contracts';
import type { IngestSessionEvents } from '@acs/inventory';
import { quantile } from '../http-adapters/cwmp-load';
import type { Figures } from './figures';
import { rate } from './figures';
import {
  fleetDevice,
  firstSession,
  periodicInform,
  PRODUCT_CLASSES,
  softwareVersionOf,
  SOFTWARE_VERSIONS,
} from './fleet';

export interface PhaseSettings {
  devices: number;
  informs: number;
  queries: number;
  batch: number;
  /** API page size. */
  page: number;
}

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

export function progress(text: string): void {
  process.stderr.write(`\r${text}\x1b[K`);
}

/** Deterministic pseudo-random ordinals, so runs pick the same devices. */
export function* ordinals(count: number, seed: number, devices: number): Generator<number> {
  let x = seed;
  for (let i = 0; i < count; i++) {
    x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
    yield x % devices;
  }
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Phase 1: first sessions of the whole fleet, then tags. */
export async function buildFleet(
  ingest: IngestSessionEvents,
  store: DeviceStore,
  settings: PhaseSettings,
  figures: Figures,
): Promise<void> {
  const { devices, batch } = settings;
  const start = Date.parse('2026-03-01T00:00:00.000Z');
  let fleetMs = 0;
  let fleetEvents = 0;
  let fleetParameters = 0;
  const devicesPerBatch = Math.max(1, Math.floor(batch / 2));
  for (let first = 0; first < devices; first += devicesPerBatch) {
    const events: SessionEvent[] = [];
    for (let ordinal = first; ordinal < Math.min(devices, first + devicesPerBatch); ordinal++) {
      const session = firstSession(fleetDevice(ordinal), new Date(start + ordinal * 10));
      for (const event of session)
        if (event.type === 'RpcResult' && event.result.kind === 'response')
          fleetParameters +=
            'parameters' in event.result.response ? event.result.response.parameters.length : 0;
      events.push(...session);
    }
    const consumed = messages(events);
    const began = performance.now();
    await ingest.handle(consumed);
    fleetMs += performance.now() - began;
    fleetEvents += consumed.length;
    progress(`fleet: ${Math.min(devices, first + devicesPerBatch)}/${devices} devices`);
  }
  progress('');
  const sessions = rate(devices, fleetMs);
  figures.record(
    'fleet: first sessions/s (Inform + whole-tree GPV)',
    sessions.text,
    sessions.measure,
  );
  const perEvent = rate(fleetEvents, fleetMs);
  figures.record('fleet: events/s', perEvent.text, perEvent.measure);
  const values = rate(fleetParameters, fleetMs);
  figures.record('fleet: parameter values/s', values.text, values.measure);
  figures.record('fleet: parameters per device (mean)', (fleetParameters / devices).toFixed(0));

  const tagsBegan = performance.now();
  for (let pc = 0; pc < PRODUCT_CLASSES; pc++)
    for (const base of ['SimGateway-181', 'SimIGD-098'])
      await store.updateTags({ productClass: `${base}-${pc}` }, [`region-${pc % 10}`], []);
  const canaries = [...new Set(ordinals(Math.ceil(devices / 100), 7, devices))].map(
    (ordinal) => fleetDevice(ordinal).serial,
  );
  for (let i = 0; i < canaries.length; i += 1_000)
    await store.updateTags({ serialNumber: { $in: canaries.slice(i, i + 1_000) } }, ['canary'], []);
  const tagsMs = performance.now() - tagsBegan;
  figures.record('tags: tagging the fleet took', seconds(tagsMs), {
    values: [tagsMs],
    better: 'lower',
  });
}

/** Phase 2: periodic Informs of random known devices, one in ten reporting a changed value. */
export async function periodicInforms(
  ingest: IngestSessionEvents,
  settings: PhaseSettings,
  figures: Figures,
): Promise<void> {
  const { informs, batch, devices } = settings;
  // Unique per run, so that a reused fleet takes these Informs as new ones.
  const run = Date.now().toString(36);
  const picks = [...ordinals(informs, 42, devices)];
  let informMs = 0;
  for (let i = 0; i < picks.length; i += batch) {
    const events = picks
      .slice(i, i + batch)
      .map((ordinal, j) =>
        periodicInform(fleetDevice(ordinal), `${run}-${i + j}`, new Date(), (i + j) % 10 === 0),
      );
    const consumed = messages(events);
    const began = performance.now();
    await ingest.handle(consumed);
    informMs += performance.now() - began;
    progress(`periodic informs: ${Math.min(informs, i + batch)}/${informs}`);
  }
  progress('');
  const informRate = rate(informs, informMs);
  figures.record(
    `ingest: periodic informs/s (known devices, batches of ${batch})`,
    informRate.text,
    informRate.measure,
  );
}

/** Phase 3: the API's list queries, first page sorted by device id. */
export async function queries(
  store: DeviceStore,
  settings: PhaseSettings,
  figures: Figures,
): Promise<void> {
  const { queries: count, page, devices } = settings;
  const serials = [...ordinals(count, 99, devices)].map((ordinal) => fleetDevice(ordinal).serial);
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
    const latencies = new Float64Array(count);
    let found = 0;
    for (let i = 0; i < count; i++) {
      const began = performance.now();
      const result = await store.find({
        filter: filterOf(i),
        limit: page,
        sort: { deviceId: 1 },
        withTotal,
      });
      latencies[i] = performance.now() - began;
      found += result.devices.length;
      if (result.devices.length === 0)
        throw new Error(`query ${name} found nothing: the bench is wrong`);
      progress(`query ${name}: ${i + 1}/${count}`);
    }
    progress('');
    latencies.sort();
    const [p50, p99] = [quantile(latencies, 0.5), quantile(latencies, 0.99)];
    figures.record(
      `query ${name}: p50 / p99`,
      `${p50.toFixed(1)} / ${p99.toFixed(1)} ms (${(found / count).toFixed(0)} devices per page)`,
      { values: [p50, p99], better: 'lower' },
    );
  }
}
