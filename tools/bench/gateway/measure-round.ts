/**
 * One measured round of bench:gateway against one target: the periodic load, and at the edges of
 * the measured window the CPU time of every process involved, so that the figures say where the
 * machine's cores went per session.
 */
import type { Redis } from 'ioredis';
import { quantile } from '../http-adapters/cwmp-load';
import { GATEWAYS, type BenchStack, type Target } from './bench-stack';
import type { ProcessUsage } from './child-ipc';
import type { DependencyWaits } from './gateway-process';
import { drivePeriodicSessions, type LoadSettings } from './periodic-load';
import { cpuMicrosecondsOf, cpuMicrosecondsOfAll } from './process-cpu';

export interface RoundFigures {
  sessionsPerSecond: number;
  /** Sessions completed in the window, and how many of them took a 401. */
  sessions: number;
  challengedSessions: number;
  p50Ms: number;
  p99Ms: number;
  failures: Record<string, number>;
  /**
   * Client socket reads Redis processed per session (INFO total_reads_processed), gateway and
   * orchestrator together: the request batches that reached Redis, i.e. unpipelined round trips.
   */
  redisReads: number;
  /** CPU microseconds per session, by process (Redis, Kafka and the orchestrator: gateways only). */
  cpuUs: { server: number; generator: number; redis: number; kafka: number; orchestrator: number };
  /**
   * Gateways: per session, the calls to each dependency and the time requests spent waiting on
   * them ('kafka-publish': the broker's ack; 'redis-next': provisioning's next outbox entry).
   */
  waits: Record<string, { calls: number; ms: number }>;
  /** The server process at the end of the window. */
  serverUsage: ProcessUsage;
}

interface Reading {
  server: ProcessUsage;
  redisCpuUs: number;
  kafkaCpuUs: number;
  orchestratorCpuUs: number;
  redisReads: number;
  waits: DependencyWaits;
}

/** Request batches Redis has read so far (all clients): unpipelined round trips. */
export async function redisReadsSoFar(redis: Redis): Promise<number> {
  const match = /^total_reads_processed:(\d+)/m.exec(await redis.info('stats'));
  if (!match) throw new Error('INFO stats has no total_reads_processed');
  return Number(match[1]);
}

export async function measureRound(
  stack: BenchStack,
  target: Target,
  load: Omit<LoadSettings, 'url'>,
): Promise<RoundFigures> {
  const server = stack.servers.get(target);
  if (!server) throw new Error(`no server for ${target}`);
  const readings: Reading[] = [];
  const read = async () => {
    const [usage, orchestrator, redisReads, waits] = await Promise.all([
      server.usage(),
      stack.orchestrator.call('usage'),
      redisReadsSoFar(stack.redisClient),
      server.waits?.() ?? {},
    ]);
    readings.push({
      server: usage,
      redisCpuUs: cpuMicrosecondsOf(stack.redis.pid),
      kafkaCpuUs: cpuMicrosecondsOfAll(stack.kafka.pids()),
      orchestratorCpuUs: orchestrator.cpuUs,
      redisReads,
      waits,
    });
  };
  const figures = await drivePeriodicSessions({ ...load, url: server.url }, read);
  if (figures.sessions === 0) {
    throw new Error(
      `${target}: no session completed (failures: ${JSON.stringify(figures.failures)})`,
    );
  }
  const [before, after] = readings as [Reading, Reading];
  const perSession = (total: number) => total / figures.sessions;
  // Redis, Kafka and the orchestrator only work for the gateways; for the floors they idle.
  const theirs = (pick: (reading: Reading) => number) =>
    GATEWAYS.includes(target) ? perSession(pick(after) - pick(before)) : 0;
  const sorted = Float64Array.from(figures.latenciesMs).sort();
  return {
    sessionsPerSecond: figures.sessions / (figures.elapsedMs / 1000),
    sessions: figures.sessions,
    challengedSessions: figures.challengedSessions,
    p50Ms: quantile(sorted, 0.5),
    p99Ms: quantile(sorted, 0.99),
    failures: figures.failures,
    redisReads: theirs((reading) => reading.redisReads),
    cpuUs: {
      server: perSession(after.server.cpuUs - before.server.cpuUs),
      generator: perSession(figures.generatorCpuUs),
      redis: theirs((reading) => reading.redisCpuUs),
      kafka: theirs((reading) => reading.kafkaCpuUs),
      orchestrator: theirs((reading) => reading.orchestratorCpuUs),
    },
    waits: waitsPerSession(before.waits, after.waits, perSession),
    serverUsage: after.server,
  };
}

/** The gateway's waits on each dependency call between two readings, per session: calls and ms. */
export function waitsPerSession(
  before: DependencyWaits,
  after: DependencyWaits,
  perSession: (total: number) => number,
): Record<string, { calls: number; ms: number }> {
  return Object.fromEntries(
    Object.entries(after).map(([name, wait]) => {
      const earlier = before[name] ?? { calls: 0, seconds: 0 };
      return [
        name,
        {
          calls: perSession(wait.calls - earlier.calls),
          ms: perSession((wait.seconds - earlier.seconds) * 1000),
        },
      ];
    }),
  );
}
