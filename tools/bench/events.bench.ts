/**
 * bench:events — how soon an OSS learns that a value changed on a device (issue 16 §4): the time
 * from a `4 VALUE CHANGE` Inform reaching the gateway to DeviceParametersChanged, with the old and
 * new values, being readable on acs.events, under periodic load.
 *
 * The scaled topology as processes (apps/platform-e2e's startScaledTopology: two gateways behind
 * HAProxy, inventory with its production fetch wait, provisioning instances, the real 3-broker
 * Kafka cluster, Redis, FerretDB). EVENTS_LOAD_DEVICES simulated CPEs run periodic sessions back
 * to back (bench:gateway's load, at most EVENTS_LOAD_CONCURRENCY in flight) while
 * EVENTS_CHANGERS others see their ConnectionRequestURL change (a new WAN address: forced active
 * notification, so the CPE informs at once), one change every EVENTS_CHANGE_INTERVAL_MS,
 * EVENTS_CHANGES in all. A consumer of the bench's own reads acs.events (value-change-watch.ts).
 *
 * The start of each change's latency is the start of the CPE's session that carried it (the
 * Inform's first send, before any 401 and before the gateway answered): an upper bound on "the
 * Inform reached the gateway". Its end is when the watcher read the event.
 *
 * Prints, last: `value_change_event_p50_ms N`, `value_change_event_p99_ms N`.
 */
import { deviceIdOf } from '@acs/contracts';
import { profileNamed } from '@acs/cpe-simulator';
import { startFerretDb } from '@acs/testing';
import {
  startScaledTopology,
  type ScaledTopology,
} from '../../apps/platform-e2e/src/support/scaled-topology';
import { ValueChangeWatch } from './events/value-change-watch';
import { PeriodicLoad } from './gateway/periodic-load';
import { quantile } from './http-adapters/cwmp-load';
import { positiveIntegerEnv } from './support/env';

const LOAD_DEVICES = positiveIntegerEnv('EVENTS_LOAD_DEVICES', 200);
const LOAD_CONCURRENCY = positiveIntegerEnv('EVENTS_LOAD_CONCURRENCY', 16);
const CHANGERS = positiveIntegerEnv('EVENTS_CHANGERS', 50);
const CHANGES = positiveIntegerEnv('EVENTS_CHANGES', 300);
const CHANGE_INTERVAL_MS = positiveIntegerEnv('EVENTS_CHANGE_INTERVAL_MS', 100);
/** How long after the last change the bench waits for its event. */
const SETTLE_MS = positiveIntegerEnv('EVENTS_SETTLE_MS', 30_000);

const CR_URL = 'Device.ManagementServer.ConnectionRequestURL';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Change {
  deviceId: string;
  serial: string;
  value: string;
  /** When the session that carried it started (epoch ms); set when that session ended. */
  sentAt?: number;
}

async function main(): Promise<void> {
  const ferret = await startFerretDb();
  let topology: ScaledTopology | undefined;
  try {
    topology = await startScaledTopology({
      mongodbUri: `${ferret.uri}events`,
      // Inventory as deployed: its default fetch wait, not the topology's failover-test one.
      inventoryEnv: { KAFKA_MAX_WAIT_MS: '500' },
    });
    console.log(topology.kafka.description);
    await measure(topology);
  } finally {
    await topology?.stop();
    await ferret.stop();
  }
}

async function measure(topology: ScaledTopology): Promise<void> {
  const watch = await ValueChangeWatch.start(topology.kafka);
  const load = new PeriodicLoad({
    url: topology.balancer.url,
    devices: LOAD_DEVICES,
    concurrency: LOAD_CONCURRENCY,
    serialPattern: 'LOAD%06d',
    password: '',
  });
  await load.start();
  await load.untilEveryDeviceHadASession();
  const changers = await topology.simulate({
    devices: CHANGERS,
    serialPattern: 'CHG%06d',
    concurrency: CHANGERS,
  });
  const identity = profileNamed('tr181').identity;
  const serials = [...changers.devices()].map(({ serial }) => serial);
  // Each changer's first contact first: its bootstrap is not what is measured.
  await Promise.all(
    serials.map((serial) =>
      topology.api().deviceKnown(deviceIdOf({ ...identity, serialNumber: serial }), 180_000),
    ),
  );
  console.log(`${CHANGERS} changing devices registered`);

  const changes: Change[] = [];
  const carried = new Map<string, Change[]>();
  changers.on('session', ({ serial, result }) => {
    if (!result.ok || !result.events.some((event) => event.eventCode === '4 VALUE CHANGE')) return;
    const start = Date.now() - result.durationMs;
    for (const change of carried.get(serial) ?? []) change.sentAt ??= start;
    carried.delete(serial);
  });

  load.openWindow();
  for (let k = 0; k < CHANGES; k++) {
    const serial = serials[k % serials.length] as string;
    // A CPE reports the value it has at its Inform: a second change before that would replace
    // the first, whose event then never comes. Each device changes again once it informed.
    while (carried.has(serial)) await sleep(10);
    const value = `http://10.${(k >> 16) & 255}.${(k >> 8) & 255}.${k & 255}:7547/bench-${k}`;
    const change: Change = {
      deviceId: deviceIdOf({ ...identity, serialNumber: serial }),
      serial,
      value,
    };
    changes.push(change);
    carried.set(serial, [...(carried.get(serial) ?? []), change]);
    changers.device(serial).changeLocally(CR_URL, value);
    await sleep(CHANGE_INTERVAL_MS);
  }
  const deadline = Date.now() + SETTLE_MS;
  const missing = () =>
    changes.filter((change) => watch.readAt(change.deviceId, CR_URL, change.value) === undefined);
  while (missing().length > 0 && Date.now() < deadline) await sleep(200);
  const loadFigures = load.closeWindow();
  await load.stop();
  await watch.stop();

  const latencies: number[] = [];
  let unsent = 0;
  for (const change of changes) {
    const readAt = watch.readAt(change.deviceId, CR_URL, change.value);
    if (change.sentAt === undefined) unsent++;
    else if (readAt !== undefined) latencies.push(readAt - change.sentAt);
  }
  const sorted = Float64Array.from(latencies).sort();
  const lost = missing().length;
  console.log(
    `load: ${((loadFigures.sessions * 1000) / loadFigures.elapsedMs).toFixed(0)} periodic sessions/s ` +
      `(${LOAD_DEVICES} devices, ${LOAD_CONCURRENCY} in flight), failures ${JSON.stringify(loadFigures.failures)}`,
  );
  console.log(
    `changes: ${CHANGES} on ${CHANGERS} devices, one every ${CHANGE_INTERVAL_MS} ms; ` +
      `events read ${CHANGES - lost}, never read ${lost}, session not seen ${unsent}, ` +
      `invalid messages on acs.events ${watch.invalidMessages}; ` +
      `max ${sorted.length ? sorted[sorted.length - 1]?.toFixed(0) : 'n/a'} ms`,
  );
  console.log(`value_change_event_p50_ms ${quantile(sorted, 0.5).toFixed(0)}`);
  console.log(`value_change_event_p99_ms ${quantile(sorted, 0.99).toFixed(0)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
