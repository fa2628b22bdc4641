/**
 * One measured round of a provisioning target: the sessions of the fleet, and at the edges of the
 * window the CPU time of every process of the provisioning setup and Redis's counters, so that
 * the figures say where the machine's cores went per session and which path provisioning took.
 */
import { benchName } from '../support/bench-kafka';
import { Kafka, logLevel } from 'kafkajs';
import { TOPICS } from '@acs/contracts';
import { quantile } from '../http-adapters/cwmp-load';
import { redisReadsSoFar, waitsPerSession } from '../gateway/measure-round';
import { cpuMicrosecondsOf, cpuMicrosecondsOfAll } from '../gateway/process-cpu';
import type { DependencyWaits } from '../gateway/gateway-process';
import type { BothSetups } from './stacks';
import type { SessionTally } from './fleet';
import { commandCounts, countsBetween } from './redis-probes';

/** The inventory service's default consumer group (the bench leaves INVENTORY_GROUP_ID unset). */
const INVENTORY_GROUP_ID = 'inventory';

export const PROCESSES = [
  'gateway',
  'provisioning',
  'inventory',
  'kafka',
  'redis',
  'generator',
] as const;
export type ProcessName = (typeof PROCESSES)[number];

export interface ProvisioningFigures {
  sessions: number;
  sessionsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  rpcsPerSession: number;
  failures: Record<string, number>;
  /** CPU microseconds per session, by process. */
  cpuUs: Record<ProcessName, number>;
  /** Request batches Redis read per session (unpipelined round trips, all clients). */
  redisReads: number;
  /**
   * Marker reads (HMGET: one per SessionOpened provisioning handled) and clean marks (HSET, only
   * in the script that marks a device clean at the end of a full evaluation), per session.
   */
  markerReads: number;
  cleanMarks: number;
  /** Redis commands per session by name, all clients (gateway and provisioning). */
  commands: Map<string, number>;
  /**
   * The gateway's waits per session, by dependency call: calls and ms ('redis-next': waiting for
   * provisioning's next outbox entry, 'kafka-publish': the broker's ack).
   */
  waits: Record<string, { calls: number; ms: number }>;
}

export interface Reading {
  cpuUs: Omit<Record<ProcessName, number>, 'generator'>;
  redisReads: number;
  commands: Map<string, number>;
  waits: DependencyWaits;
}

export async function readProvisioningSetup(setups: BothSetups): Promise<Reading> {
  const { gateway, provisioning, inventory } = setups.provisioning;
  const [gatewayUsage, waits, redisReads, commands] = await Promise.all([
    gateway.call('usage'),
    gateway.call('waits'),
    redisReadsSoFar(setups.redisClient),
    commandCounts(setups.redisClient),
  ]);
  return {
    cpuUs: {
      gateway: gatewayUsage.cpuUs,
      provisioning: cpuMicrosecondsOf(provisioning.child.pid ?? -1),
      inventory: cpuMicrosecondsOf(inventory.child.pid ?? -1),
      kafka: cpuMicrosecondsOfAll(setups.kafka.pids()),
      redis: cpuMicrosecondsOf(setups.redis.pid),
    },
    redisReads,
    commands,
    waits,
  };
}

export function figuresOf(
  name: string,
  tally: SessionTally & { elapsedMs: number },
  before: Reading,
  after: Reading,
  generatorCpuUs: number,
): ProvisioningFigures {
  const sessions = tally.latenciesMs.length;
  if (sessions === 0)
    throw new Error(`${name}: no session completed (failures: ${JSON.stringify(tally.failures)})`);
  const perSession = (total: number) => total / sessions;
  const sorted = Float64Array.from(tally.latenciesMs).sort();
  const commands = new Map(
    [...countsBetween(before.commands, after.commands)]
      .filter(([, calls]) => calls > 0)
      .map(([command, calls]) => [command, perSession(calls)]),
  );
  const cpu = (process: Exclude<ProcessName, 'generator'>) =>
    perSession(after.cpuUs[process] - before.cpuUs[process]);
  return {
    sessions,
    sessionsPerSecond: sessions / (tally.elapsedMs / 1000),
    p50Ms: quantile(sorted, 0.5),
    p99Ms: quantile(sorted, 0.99),
    rpcsPerSession: perSession(tally.rpcCounts.reduce((sum, count) => sum + count, 0)),
    failures: tally.failures,
    cpuUs: {
      gateway: cpu('gateway'),
      provisioning: cpu('provisioning'),
      inventory: cpu('inventory'),
      kafka: cpu('kafka'),
      redis: cpu('redis'),
      generator: perSession(generatorCpuUs),
    },
    redisReads: perSession(after.redisReads - before.redisReads),
    markerReads: commands.get('hmget') ?? 0,
    cleanMarks: commands.get('hset') ?? 0,
    commands,
    waits: waitsPerSession(before.waits, after.waits, perSession),
  };
}

/**
 * How long after a window inventory's consumer group had committed every session event: a
 * figure that shows its CPU per session was spent keeping up, not left for later as a backlog.
 */
export async function inventoryCatchUpMs(setups: BothSetups, timeoutMs: number): Promise<number> {
  const admin = new Kafka({
    clientId: 'bench-lag-probe',
    brokers: setups.provisioning.kafka.brokers,
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  const started = Date.now();
  try {
    const names = setups.provisioning.kafka;
    const topic = benchName(names, TOPICS.sessionEvents);
    const ends = await admin.fetchTopicOffsets(topic);
    for (;;) {
      const [committed] = await admin.fetchOffsets({
        groupId: benchName(names, INVENTORY_GROUP_ID),
        topics: [topic],
      });
      const behind = ends.some(
        (end) =>
          Number(committed?.partitions.find((p) => p.partition === end.partition)?.offset ?? -1) <
          Number(end.high),
      );
      if (!behind) return Date.now() - started;
      if (Date.now() - started > timeoutMs)
        throw new Error(`inventory had not caught up ${timeoutMs} ms after the window`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    await admin.disconnect();
  }
}
