import { Redis } from 'ioredis';
import { deviceIdOf, REDIS_KEYS, type Task } from '@acs/contracts';
import { nextSession, type Simulator } from '@acs/cpe-simulator';
import { scratchMongoDatabase, waitFor } from '@acs/testing';
import {
  openSessionKeys,
  provisioningEventsOnTopic,
  sessionEventsOnTopic,
  tasksAnnouncedTwice,
} from './support/fleet-checks';
import { startScaledTopology, type ScaledTopology } from './support/scaled-topology';
import { SessionLedger } from './support/session-ledger';
import { tasksSettled } from './support/tasks-settled';

const OUI = '0253AC';
const PRODUCT_CLASS = 'SimGateway-181';
const MAPPINGS = 'Device.NAT.PortMappingNumberOfEntries';
const idOf = (serialNumber: string) =>
  deviceIdOf({ oui: OUI, productClass: PRODUCT_CLASS, serialNumber });
const tasksPath = (deviceId: string) => `/devices/${encodeURIComponent(deviceId)}/tasks`;

/** Figures each scenario shows, printed after the suite (the counts behind the assertions). */
const figures: Record<string, Record<string, number>> = {};

describe('the scaled topology as processes, under faults', () => {
  let topology: ScaledTopology;
  let redis: Redis;
  let mongo: Awaited<ReturnType<typeof scratchMongoDatabase>>;

  beforeAll(async () => {
    mongo = await scratchMongoDatabase('topology');
    topology = await startScaledTopology({
      mongodbUri: mongo.uri,
      // Sessions wait for provisioning while its partitions move; Kafka may take seconds to ack.
      gatewayEnv: { CWMP_OUTBOX_WAIT_MS: '20000', CWMP_PUBLISH_TIMEOUT_MS: '8000' },
    });
    redis = new Redis(topology.redis.url);
  }, 300_000);
  afterAll(async () => {
    redis?.disconnect();
    await topology?.stop();
    await mongo?.drop();
    console.log(`scaled topology under faults: ${JSON.stringify(figures, null, 1)}`);
  }, 120_000);

  /** Tasks that add one port mapping each: run twice, and the device shows two. */
  async function queueAddMapping(deviceIds: readonly string[]): Promise<Task[]> {
    return Promise.all(
      deviceIds.map((deviceId) =>
        topology.api().expect<Task>(201, 'POST', tasksPath(deviceId), {
          type: 'addObject',
          payload: { objectName: 'Device.NAT.PortMapping.' },
        }),
      ),
    );
  }

  /** The tasks, once every task of their devices is finished: all of them must be done. */
  async function allDone(tasks: readonly Task[], simulator: Simulator): Promise<Task[]> {
    const serialOf = new Map([...simulator.devices()].map(({ serial }) => [idOf(serial), serial]));
    const devices = new Map(
      tasks.map((task) => [task.deviceId, serialOf.get(task.deviceId) ?? '']),
    );
    const settled = await tasksSettled(() => topology.api(), simulator, devices);
    const byId = new Map([...settled.values()].flat().map((task) => [task.id, task]));
    const finished = tasks.map((task) => byId.get(task.id));
    expect(finished.map((task) => task?.status)).toEqual(tasks.map(() => 'done'));
    return finished as Task[];
  }

  async function fleet(pattern: string, devices: number, ledger?: SessionLedger) {
    const simulator = await topology.simulate({ devices, serialPattern: pattern });
    ledger?.attach(simulator);
    const serials = Array.from({ length: devices }, (_, i) =>
      pattern.replace('%04d', String(i).padStart(4, '0')),
    );
    await Promise.all(serials.map((serial) => nextSession(simulator, serial, 120_000)));
    await Promise.all(serials.map((serial) => topology.api().deviceOnboarded(idOf(serial))));
    return { simulator, serials, deviceIds: serials.map(idOf) };
  }

  const mappingsOf = (simulator: Simulator, serial: string) =>
    Number(simulator.device(serial).parameter(MAPPINGS)?.value);

  it('spreads the requests of one CWMP session over both gateways (no stickiness)', async () => {
    const { simulator, serials, deviceIds } = await fleet('LB%04d', 1);
    const [task] = await queueAddMapping(deviceIds);
    const served = async () =>
      Promise.all(topology.gateways.map(async (gateway) => responsesServed(gateway.opsUrl)));
    const before = await served();
    const session = nextSession(simulator, serials[0] as string, 60_000);
    simulator.device(serials[0] as string).informNow('6 CONNECTION REQUEST');
    expect(await session).toMatchObject({ ok: true, rpcCount: 1 });
    await allDone([task as Task], simulator);
    const after = await served();
    const perGateway = after.map((count, i) => count - (before[i] ?? 0));
    // Inform, empty POST, AddObjectResponse: three requests, both gateways took part.
    expect(perGateway.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(3);
    for (const count of perGateway) expect(count).toBeGreaterThan(0);
    figures['no-stickiness'] = { gateway1: perGateway[0] ?? 0, gateway2: perGateway[1] ?? 0 };
  }, 180_000);

  it('completes the session through the other gateway when one is SIGKILLed holding an Inform', async () => {
    const { simulator, serials } = await fleet('GWK%04d', 1);
    const serial = serials[0] as string;
    const deviceId = idOf(serial);
    const ledger = new SessionLedger();
    ledger.attach(simulator);
    // The brokers paused: the Inform is in, the gateway waits for Kafka's ack, no answer yet.
    const kafkaPids = topology.kafka.cluster.pids();
    for (const pid of kafkaPids) process.kill(pid, 'SIGSTOP');
    let killedAt = 0;
    let victim = '';
    try {
      const session = nextSession(simulator, serial, 120_000);
      simulator.device(serial).informNow('6 CONNECTION REQUEST');
      let record: { podId: string; sessionId: string } | undefined;
      await waitFor(async () => {
        const raw = await redis.get(REDIS_KEYS.session(deviceId));
        record = raw ? (JSON.parse(raw) as { podId: string; sessionId: string }) : undefined;
        return record !== undefined;
      }, 'the Inform claimed in Redis by a gateway');
      victim = record?.podId ?? '';
      const gateway = topology.gateways.find((candidate) => candidate.name === victim);
      if (!gateway) throw new Error(`no gateway named ${victim}`);
      await gateway.kill();
      killedAt = Date.now();
      for (const pid of kafkaPids) process.kill(pid, 'SIGCONT');
      const orphan = record?.sessionId ?? '';

      // The CPE's retry (after a 502 from the balancer) lands on the other gateway.
      const retried = await session.then(async (first) =>
        first.ok ? first : nextSession(simulator, serial, 120_000),
      );
      expect(retried).toMatchObject({ ok: true });
      const recoveredInMs = Date.now() - killedAt;
      await gateway.restart();

      // The dead pod's session did not wait for its Redis TTL: the retry took it over.
      const events = await sessionEventsOnTopic(
        topology.kafka.client('audit'),
        topology.kafka.topic,
      );
      const takenOver = events.filter(
        (event) =>
          event.type === 'SessionClosed' &&
          event.sessionId === orphan &&
          event.reason === 'taken-over',
      );
      expect(takenOver).toHaveLength(1);
      expect(await openSessionKeys(redis, deviceId)).toBe(0);
      const reconciliation = ledger.reconcile(events);
      expect(reconciliation.lostEvents).toBe(0);
      expect(ledger.failures.get('http-status') ?? 0).toBeGreaterThanOrEqual(1);
      figures['gateway-sigkill'] = {
        recoveredInMs,
        failedSessions: [...ledger.failures.values()].reduce((a, b) => a + b, 0),
        completedSessions: ledger.completed,
        acknowledgedEvents: reconciliation.acknowledgedEvents,
        lostEvents: reconciliation.lostEvents,
      };
    } finally {
      for (const pid of kafkaPids) process.kill(pid, 'SIGCONT');
    }
  }, 300_000);

  it('loses nothing acknowledged and runs every task once when the session-events leader is SIGKILLed under load', async () => {
    const ledger = new SessionLedger();
    const { simulator, serials, deviceIds } = await fleet('LDR%04d', 40, ledger);
    const before = new Map(serials.map((serial) => [serial, mappingsOf(simulator, serial)]));
    const tasks = await queueAddMapping(deviceIds.slice(0, 20));
    const load = keepInforming(simulator, serials, 250);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const { cluster } = topology.kafka;
    const topic = topology.kafka.topic('cwmp.session-events');
    const leader = await cluster.leaderOf(topic, 0);
    await cluster.killBroker(leader);
    await waitFor(
      async () => (await cluster.leaderOf(topic, 0).catch(() => leader)) !== leader,
      'partition 0 led by another broker',
      60_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    await cluster.startBroker(leader);
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    await load.stop();

    const done = await allDone(tasks, simulator);
    // Once each, as the device shows it: an attempt cut off by the fault either never reached
    // the CPE (and runs again) or did (and its ParameterKey in the next Inform says so).
    for (const [index, serial] of serials.entries()) {
      const added = mappingsOf(simulator, serial) - (before.get(serial) ?? 0);
      expect(added).toBe(index < 20 ? 1 : 0);
    }
    // Every device gets through a session after the fault.
    await Promise.all(serials.map((serial) => informOnce(simulator, serial)));

    const client = topology.kafka.client('audit');
    const reconciliation = ledger.reconcile(
      await sessionEventsOnTopic(client, topology.kafka.topic),
    );
    expect(reconciliation.examples).toEqual([]);
    expect(reconciliation.lostEvents).toBe(0);
    expect(reconciliation.acknowledgedEvents).toBeGreaterThan(100);
    const announced = await provisioningEventsOnTopic(client, topology.kafka.topic);
    expect(tasksAnnouncedTwice(announced)).toEqual([]);
    figures['leader-sigkill'] = {
      killedBroker: leader,
      acknowledgedEvents: reconciliation.acknowledgedEvents,
      lostEvents: reconciliation.lostEvents,
      completedSessions: ledger.completed,
      failedSessions: [...ledger.failures.values()].reduce((a, b) => a + b, 0),
      tasksDoneOnce: done.length,
      ...attemptFigures(done),
    };
  }, 300_000);

  it('runs every task exactly once when a provisioning instance is SIGKILLed during a rebalance', async () => {
    const { simulator, serials, deviceIds } = await fleet('RBL%04d', 20);
    const before = new Map(serials.map((serial) => [serial, mappingsOf(simulator, serial)]));
    const [first, second] = topology.provisioning;
    if (!first || !second) throw new Error('two provisioning instances expected');
    await second.kill();
    const tasks = await queueAddMapping(deviceIds);
    const load = keepInforming(simulator, serials, 300);
    // The second instance rejoins: the group rebalances; the first dies in the middle of it.
    const rejoining = second.restart();
    await waitFor(
      () => /"adapters"/.test(second.process.output()),
      'the instance starting',
      60_000,
    );
    await first.kill();
    await rejoining;
    const done = await allDone(tasks, simulator);
    await load.stop();

    for (const serial of serials) {
      expect(mappingsOf(simulator, serial) - (before.get(serial) ?? 0)).toBe(1);
    }
    const announced = await provisioningEventsOnTopic(
      topology.kafka.client('audit'),
      topology.kafka.topic,
    );
    expect(tasksAnnouncedTwice(announced)).toEqual([]);
    await first.restart();
    figures['provisioning-sigkill-in-rebalance'] = { tasks: done.length, ...attemptFigures(done) };
  }, 300_000);

  it('answers 503 with Retry-After while min.insync.replicas cannot be met, and recovers on its own', async () => {
    const { simulator, serials } = await fleet('ISR%04d', 4);
    const ledger = new SessionLedger();
    ledger.attach(simulator);
    const { cluster } = topology.kafka;
    const stopped = cluster.brokerIds.slice(1);
    await Promise.all(stopped.map((id) => cluster.stopBroker(id)));
    const refused: number[] = [];
    simulator.on('session', ({ result }) => {
      if (!result.ok && result.reason === 'busy' && result.retryAfterMs)
        refused.push(result.retryAfterMs);
    });
    const during = serials.map((serial) => nextSession(simulator, serial, 60_000));
    for (const serial of serials) simulator.device(serial).informNow('6 CONNECTION REQUEST');
    const results = await Promise.all(during);
    expect(results.filter((result) => result.ok)).toHaveLength(0);
    expect(refused.length).toBeGreaterThanOrEqual(serials.length);
    for (const deviceId of serials.map(idOf))
      expect(await openSessionKeys(redis, deviceId)).toBe(0);

    await Promise.all(stopped.map((id) => cluster.startBroker(id)));
    // The CPEs come back on their own (Retry-After honoured) and get through.
    await Promise.all(
      serials.map((serial) =>
        waitFor(
          async () => (await nextSession(simulator, serial, 120_000)).ok,
          `${serial} through`,
          180_000,
        ),
      ),
    );
    const reconciliation = ledger.reconcile(
      await sessionEventsOnTopic(topology.kafka.client('audit'), topology.kafka.topic),
    );
    expect(reconciliation.lostEvents).toBe(0);
    figures['min-insync-unmet'] = {
      refusedWith503: refused.length,
      completedAfterwards: ledger.completed,
      lostEvents: reconciliation.lostEvents,
    };
  }, 300_000);
});

/** HTTP responses a gateway sent so far, from its own metrics. */
async function responsesServed(opsUrl: string): Promise<number> {
  const text = await (await fetch(`${opsUrl}/metrics`)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith('acs_gateway_http_responses_total'))
    .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
}

/** Devices inform one after another every `everyMs` (periodic load) until stopped. */
function keepInforming(simulator: Simulator, serials: readonly string[], everyMs: number) {
  let next = 0;
  const timer = setInterval(() => {
    const serial = serials[next++ % serials.length] as string;
    const device = simulator.device(serial);
    if (!device.sessionInProgress) device.informNow('2 PERIODIC');
  }, everyMs);
  return {
    stop: async () => {
      clearInterval(timer);
      await waitFor(
        () => serials.every((serial) => !simulator.device(serial).sessionInProgress),
        'sessions in flight finished',
        120_000,
      );
    },
  };
}

/** One more session of the device, retried until it gets through. */
async function informOnce(simulator: Simulator, serial: string): Promise<void> {
  const session = nextSession(simulator, serial, 120_000);
  simulator.device(serial).informNow('6 CONNECTION REQUEST');
  const result = await session;
  if (!result.ok) await nextSession(simulator, serial, 120_000);
}

/** How the tasks got done: attempts beyond the first, and answers the ParameterKey confirmed. */
function attemptFigures(done: readonly Task[]): Record<string, number> {
  return {
    attemptsBeyondFirst: done.reduce((sum, task) => sum + task.attempts - 1, 0),
    confirmedByParameterKey: done.filter((task) => task.result?.['confirmedBy'] === 'ParameterKey')
      .length,
  };
}
