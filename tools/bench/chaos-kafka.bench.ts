/**
 * chaos:kafka — the scaled topology as processes (2 gateways behind HAProxy, inventory, 2
 * provisioning instances, a real 3-broker Kafka cluster, Redis, MongoDB) under load while Kafka
 * brokers die, and then an audit of everything that was acknowledged.
 *
 * 1. Capacity: devices run periodic sessions back to back for BENCH_CAPACITY_MS; sessions/s.
 * 2. Chaos, CHAOS_DURATION_MS (300 s: at least 10,000 acknowledged events on 2 cores): periodic
 *    and boot sessions (10 % `1 BOOT`) at half that capacity, OSS commands on acs.commands (createTask AddObject for random devices, each sent
 *    by an OSS that may resend it), while every 15 s the leader of a session-events partition is
 *    SIGKILLed (and started again 5 s later), and once a gateway is SIGKILLed (started again 5 s
 *    later). CPEs behave as TR-069 says: Retry-After after a 503, the retry table after a failure.
 * 3. Audit: the load stops; every device must get through one more session; every topic is read
 *    back and reconciled against what the simulator and the OSS client were told was accepted:
 *    - an InformResponse means a SessionOpened of that session on cwmp.session-events, each
 *      answered RPC response an RpcResult, each answered CPE request a CpeRequest;
 *    - a command the broker acknowledged means a result on acs.command-results;
 *    - a task runs once: the device's port mappings grew by exactly its AddObject tasks done, and
 *      no task's completion was announced under two event ids.
 * Prints, last: chaos_acknowledged_events, chaos_lost_events, chaos_sessions_failed_permanently,
 * chaos_duplicate_task_executions.
 *
 * Environment: CHAOS_DEVICES (300), CHAOS_DURATION_MS (300000), BENCH_CAPACITY_MS (10000),
 * CHAOS_KILL_EVERY_MS (15000), CHAOS_COMMANDS_PER_S (4).
 */
import { randomUUID } from 'node:crypto';
import { assertPublicMessage, deviceIdOf, TOPICS, type Task } from '@acs/contracts';
import { nextSession, profileNamed, type Simulator } from '@acs/cpe-simulator';
import {
  provisioningEventsOnTopic,
  sessionEventsOnTopic,
  tasksAnnouncedTwice,
} from '../../apps/platform-e2e/src/support/fleet-checks';
import { pacedSessions } from '../../apps/platform-e2e/src/support/paced-load';
import {
  startScaledTopology,
  type ScaledTopology,
} from '../../apps/platform-e2e/src/support/scaled-topology';
import { SessionLedger } from '../../apps/platform-e2e/src/support/session-ledger';
import { tasksSettled } from '../../apps/platform-e2e/src/support/tasks-settled';
import { readWholeTopic } from '../../apps/platform-e2e/src/support/topic-reader';
import { DEFAULT_PUBLISHER_OPTIONS, KafkaEventPublisher } from '@acs/event-bus';
import { scratchMongoDatabase } from '@acs/testing';
import { positiveIntegerEnv } from './support/env';
import { stage } from './support/stage';

const DEVICES = positiveIntegerEnv('CHAOS_DEVICES', 300);
const DURATION_MS = positiveIntegerEnv('CHAOS_DURATION_MS', 300_000);
const CAPACITY_MS = positiveIntegerEnv('BENCH_CAPACITY_MS', 10_000);
const KILL_EVERY_MS = positiveIntegerEnv('CHAOS_KILL_EVERY_MS', 15_000);
const COMMANDS_PER_S = positiveIntegerEnv('CHAOS_COMMANDS_PER_S', 4);
const RESTART_AFTER_MS = 5_000;
const MAPPINGS = 'Device.NAT.PortMappingNumberOfEntries';
const PATTERN = 'CHAOS%05d';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const serialOf = (ordinal: number) => PATTERN.replace('%05d', String(ordinal).padStart(5, '0'));
const IDENTITY = profileNamed('tr181').identity;
const deviceIdFor = (serialNumber: string) => deviceIdOf({ ...IDENTITY, serialNumber });

async function main(): Promise<void> {
  const mongo = await scratchMongoDatabase('chaos');
  let topology: ScaledTopology | undefined;
  try {
    topology = await startScaledTopology({
      mongodbUri: mongo.uri,
      partitions: 8,
      gatewayEnv: { CWMP_PUBLISH_TIMEOUT_MS: '8000', CWMP_OUTBOX_WAIT_MS: '20000' },
      // The scenario compresses hours into minutes: a task whose session a kill cut off is
      // retried after seconds, not after the production minute (doubling per attempt).
      provisioningEnv: {
        PROVISIONING_RETRY_DELAY_MS: '2000',
        PROVISIONING_MAX_RETRY_DELAY_MS: '16000',
      },
    });
    console.log(topology.kafka.description);
    await run(topology);
  } finally {
    await topology?.stop();
    await mongo.drop();
  }
}

async function run(topology: ScaledTopology): Promise<void> {
  const ledger = new SessionLedger();
  // The TR-069 retry table and Retry-After, as real CPEs: no retryDelayMs override.
  const simulator = await topology.simulate({
    devices: DEVICES,
    serialPattern: PATTERN,
    bootSpreadMs: 5_000,
    concurrency: 256,
    retryDelayMs: undefined,
  });
  ledger.attach(simulator);
  // The audit waits on every device's next session at once: a listener each.
  simulator.setMaxListeners(DEVICES + 20);
  const serials = Array.from({ length: DEVICES }, (_, i) => serialOf(i));
  await firstContacts(simulator, serials);
  console.log(
    `first_contact_failures_retried ${JSON.stringify(Object.fromEntries(ledger.failures))}`,
  );
  const api = topology.api();
  const storing = performance.now();
  await Promise.all(serials.map((serial) => api.deviceKnown(deviceIdFor(serial), 300_000)));
  console.log(`inventory_stored_fleet_after_ms ${(performance.now() - storing).toFixed(0)}`);
  const mappingsBefore = new Map(serials.map((serial) => [serial, mappingsOf(simulator, serial)]));

  const capacity = await measureCapacity(simulator, serials);
  const perSecond = Math.max(1, Math.round(capacity / 2));
  console.log(`capacity_sessions_per_s ${capacity.toFixed(0)}`);
  console.log(`chaos_rate_sessions_per_s ${perSecond}`);

  const oss = await ossClient(topology);
  const load = pacedSessions(simulator, serials, { perSecond, bootShare: 0.1 });
  const commandTimer = setInterval(() => {
    const serial = serials[Math.floor(Math.random() * serials.length)] as string;
    void oss.createTask(deviceIdFor(serial), serial);
  }, 1000 / COMMANDS_PER_S);
  const faults = injectFaults(topology);
  await sleep(DURATION_MS);
  clearInterval(commandTimer);
  const kills = await stage('stopping the broker kills', faults.stop(), 120_000);
  await stage('stopping the load', load.stop(), 120_000);
  console.log(`chaos_sessions_started ${load.started}`);
  console.log(`chaos_broker_kills ${kills.brokers} (${kills.brokerIds.join(' ')})`);
  console.log(`chaos_gateway_kills ${kills.gateways}`);

  // Every device gets through a session after the chaos (its retries, then one more asked for).
  const failedPermanently = (
    await stage(
      'one more session per device',
      Promise.all(serials.map((serial) => getsThrough(simulator, serial))),
      240_000,
    )
  ).filter((through) => !through).length;
  await stage('settling the OSS tasks', oss.settle(topology, simulator, serials), 900_000);

  const client = topology.kafka.client('chaos-audit');
  const sessionEvents = await sessionEventsOnTopic(client, topology.kafka.topic);
  const reconciliation = ledger.reconcile(sessionEvents);
  const answered = await answeredCommands(topology);
  const lostCommands = [...oss.accepted.keys()].filter((commandId) => !answered.has(commandId));
  const announcedTwice = tasksAnnouncedTwice(
    await provisioningEventsOnTopic(client, topology.kafka.topic),
  );
  let ranTwice = 0;
  for (const serial of serials) {
    const added = mappingsOf(simulator, serial) - (mappingsBefore.get(serial) ?? 0);
    const done = oss.doneBySerial.get(serial) ?? 0;
    if (added <= done) continue;
    ranTwice += added - done;
    const tasks = (oss.tasksBySerial.get(serial) ?? []).map(describeTask).join('; ');
    console.log(`ran twice: ${serial} added ${added} objects for ${done} tasks done: ${tasks}`);
  }
  for (const taskId of announcedTwice) console.log(`announced twice: task ${taskId}`);
  for (const example of reconciliation.examples) console.log(`lost: ${example}`);
  for (const commandId of lostCommands.slice(0, 5)) console.log(`lost command: ${commandId}`);
  console.log(`chaos_sessions_completed ${ledger.completed}`);
  console.log(
    `chaos_sessions_failed_then_retried ${[...ledger.failures.values()].reduce((a, b) => a + b, 0)} ${JSON.stringify(Object.fromEntries(ledger.failures))}`,
  );
  console.log(`chaos_commands_accepted ${oss.accepted.size}`);
  console.log(`chaos_tasks ${JSON.stringify(Object.fromEntries(oss.outcomes))}`);
  console.log(`chaos_acknowledged_events ${reconciliation.acknowledgedEvents + oss.accepted.size}`);
  console.log(`chaos_lost_events ${reconciliation.lostEvents + lostCommands.length}`);
  console.log(`chaos_sessions_failed_permanently ${failedPermanently}`);
  console.log(`chaos_duplicate_task_executions ${ranTwice + announcedTwice.length}`);
}

/** Sessions/s with every device informing again as soon as its session ended. */
async function measureCapacity(simulator: Simulator, serials: readonly string[]): Promise<number> {
  let completed = 0;
  let measuring = true;
  const again = ({ serial, result }: { serial: string; result: { ok: boolean } }) => {
    if (!measuring) return;
    if (result.ok) completed++;
    simulator.device(serial).informNow('2 PERIODIC');
  };
  simulator.on('session', again);
  for (const serial of serials) simulator.device(serial).informNow('2 PERIODIC');
  await sleep(2_000);
  completed = 0;
  const started = performance.now();
  await sleep(CAPACITY_MS);
  const rate = completed / ((performance.now() - started) / 1000);
  measuring = false;
  simulator.off('session', again);
  await Promise.all(serials.map((serial) => settled(simulator, serial)));
  return rate;
}

/** Every 15 s the leader of a session-events partition dies; once, a gateway. */
function injectFaults(topology: ScaledTopology) {
  const { cluster } = topology.kafka;
  const topic = topology.kafka.topic(TOPICS.sessionEvents);
  const brokerIds: number[] = [];
  let gateways = 0;
  let partition = 0;
  let stopped = false;
  const killLeader = async () => {
    const leader = await cluster.leaderOf(topic, partition++ % 8);
    await cluster.killBroker(leader);
    brokerIds.push(leader);
    await sleep(RESTART_AFTER_MS);
    await cluster.startBroker(leader);
  };
  const chain = (async () => {
    for (let round = 1; !stopped; round++) {
      await sleep(KILL_EVERY_MS - RESTART_AFTER_MS);
      if (stopped) break;
      await killLeader();
      if (round === 2) {
        const gateway = topology.gateways[gateways % topology.gateways.length];
        if (gateway) {
          await gateway.kill();
          gateways++;
          await sleep(RESTART_AFTER_MS);
          await gateway.restart();
        }
      }
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await chain;
      return { brokers: brokerIds.length, brokerIds, gateways };
    },
  };
}

/** The OSS side: createTask commands, each resent once in a while as an OSS retrying would. */
async function ossClient(topology: ScaledTopology) {
  // The platform's own publisher: acks from all in-sync replicas, and a new idempotent producer
  // after a failed send (kafkajs would otherwise reuse the sequence numbers of a write in doubt).
  const publisher = new KafkaEventPublisher(
    () => topology.kafka.client('chaos-oss').producer({ idempotent: true }),
    { ...DEFAULT_PUBLISHER_OPTIONS, namePrefix: topology.kafka.prefix },
  );
  await publisher.connect();
  const accepted = new Map<string, string>();
  const doneBySerial = new Map<string, number>();
  const tasksBySerial = new Map<string, Task[]>();
  /** Tasks by how they finished: `done`, or the status and fault code. */
  const outcomes = new Map<string, number>();
  const send = async (commandId: string, deviceId: string) =>
    publisher.publish({
      topic: TOPICS.commands,
      key: commandId,
      value: JSON.stringify({
        schemaVersion: 1,
        commandId,
        type: 'createTask',
        deviceId,
        task: { type: 'addObject', payload: { objectName: 'Device.NAT.PortMapping.' } },
      }),
    });
  return {
    accepted,
    doneBySerial,
    tasksBySerial,
    outcomes,
    createTask: async (deviceId: string, serial: string) => {
      const commandId = `chaos-${randomUUID()}`;
      try {
        await send(commandId, deviceId);
        accepted.set(commandId, serial);
        if (Math.random() < 0.1) await send(commandId, deviceId);
      } catch {
        // Not acknowledged: not accepted, nothing owed.
      }
    },
    /**
     * Waits for every accepted command's result (a command still in the consumer's lag has no
     * task yet), then for every task to finish, and counts those done per device. A result that
     * never comes is counted lost by the audit.
     */
    settle: async (topology: ScaledTopology, simulator: Simulator, serials: readonly string[]) => {
      await publisher.shutdown();
      await commandsAnswered(topology, [...accepted.keys()], 300_000);
      // Every device: a command the OSS saw fail may have been written all the same (at least
      // once), and its task's AddObject counts like any other.
      const devices = new Map(serials.map((serial) => [deviceIdFor(serial), serial]));
      const settled = await tasksSettled(
        () => topology.api(),
        simulator,
        devices,
        300_000,
        (open) => process.stderr.write(`waiting for the tasks of ${open} devices\n`),
      );
      for (const [deviceId, tasks] of settled) {
        for (const task of tasks) {
          const outcome = task.fault ? `${task.status} ${task.fault.code}` : task.status;
          outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
        }
        const serial = devices.get(deviceId) ?? '';
        doneBySerial.set(serial, tasks.filter((task) => task.status === 'done').length);
        tasksBySerial.set(serial, tasks);
      }
    },
  };
}

/** Every command with a result on acs.command-results. */
async function answeredCommands(topology: ScaledTopology): Promise<Set<string>> {
  const client = topology.kafka.client('chaos-audit');
  const results = await readWholeTopic(client, topology.kafka.topic(TOPICS.commandResults));
  return new Set(
    results.map(({ value }) => assertPublicMessage(TOPICS.commandResults, value).commandId),
  );
}

/** Until every command given has its result, or the time is up (the audit then counts them). */
async function commandsAnswered(
  topology: ScaledTopology,
  commandIds: readonly string[],
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answered = await answeredCommands(topology);
    const waiting = commandIds.filter((commandId) => !answered.has(commandId)).length;
    if (waiting === 0) return;
    process.stderr.write(`waiting for the results of ${waiting} commands\n`);
    if (Date.now() > deadline) {
      console.log(`commands without a result after ${timeoutMs} ms: ${waiting}`);
      return;
    }
    await sleep(5_000);
  }
}

function describeTask(task: Task): string {
  const result = task.result ? ` ${JSON.stringify(task.result)}` : '';
  const fault = task.fault ? ` fault ${task.fault.code}` : '';
  return `${task.id} ${task.status} attempts ${task.attempts}${fault}${result} updated ${task.updatedAt}`;
}

function mappingsOf(simulator: Simulator, serial: string): number {
  return Number(simulator.device(serial).parameter(MAPPINGS)?.value);
}

/**
 * Waits until every device got through its first session (its boot, then its own TR-069 retries
 * after a failure), within three minutes.
 */
async function firstContacts(simulator: Simulator, serials: readonly string[]): Promise<void> {
  const through = new Set<string>();
  const record = ({ serial, result }: { serial: string; result: { ok: boolean } }) => {
    if (result.ok) through.add(serial);
  };
  simulator.on('session', record);
  const deadline = Date.now() + 180_000;
  try {
    while (through.size < serials.length) {
      if (Date.now() > deadline)
        throw new Error(
          `${serials.length - through.size} devices never got through a first session`,
        );
      await sleep(200);
    }
  } finally {
    simulator.off('session', record);
  }
}

/** Waits until the device is between sessions. */
async function settled(simulator: Simulator, serial: string): Promise<void> {
  while (simulator.device(serial).sessionInProgress) await sleep(50);
}

/** One session of the device that succeeds within three minutes (retries included). */
async function getsThrough(simulator: Simulator, serial: string): Promise<boolean> {
  const deadline = Date.now() + 180_000;
  await settled(simulator, serial);
  simulator.device(serial).informNow('2 PERIODIC');
  while (Date.now() < deadline) {
    const result = await nextSession(simulator, serial, 180_000).catch(() => undefined);
    if (result?.ok) return true;
  }
  return false;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
