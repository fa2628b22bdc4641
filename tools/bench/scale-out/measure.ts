/**
 * One measured round of bench:scale-out: a fresh simulator in the generator process drives
 * periodic sessions through one setup's balancer; at the edges of the measured window the CPU
 * time of every process involved is read, so the figures say where the cores went per session.
 */
import { cpuMicrosecondsOf, cpuMicrosecondsOfAll } from '../gateway/process-cpu';
import { quantile } from '../http-adapters/cwmp-load';
import type { Setup, ScaleOutStack } from './stack';

export interface LoadShape {
  devices: number;
  concurrency: number;
  warmupMs: number;
  durationMs: number;
  serialPattern: string;
}

/** CPU microseconds per session, by process. */
export interface CpuPerSession {
  gateways: number[];
  balancer: number;
  generator: number;
  redis: number;
  kafka: number;
  orchestrator: number;
}

export interface ScaleOutRound {
  sessionsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  failures: Record<string, number>;
  cpuUs: CpuPerSession;
  /** Records and their key + value bytes on cwmp.session-events, per session. */
  kafkaRecords: number;
  kafkaBytes: number;
}

/** The same processes' CPU time so far, in microseconds (totals, not per session). */
type Reading = CpuPerSession;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function read(stack: ScaleOutStack, balancerPid: number): Promise<Reading> {
  const [gateways, generator, orchestrator] = await Promise.all([
    Promise.all(stack.gateways.map((gateway) => gateway.call('usage'))),
    stack.generator.call('usage'),
    stack.orchestrator.call('usage'),
  ]);
  return {
    gateways: gateways.map((usage) => usage.cpuUs),
    balancer: cpuMicrosecondsOf(balancerPid),
    generator: generator.cpuUs,
    redis: cpuMicrosecondsOf(stack.redis.pid),
    kafka: cpuMicrosecondsOfAll(stack.kafka.pids()),
    orchestrator: orchestrator.cpuUs,
  };
}

export async function measureScaleOutRound(
  stack: ScaleOutStack,
  setup: Setup,
  shape: LoadShape,
): Promise<ScaleOutRound> {
  const balancer = stack.balancers.get(setup);
  if (!balancer) throw new Error(`no balancer for ${setup}`);
  await stack.generator.call('start', {
    url: balancer.url,
    devices: shape.devices,
    concurrency: shape.concurrency,
    serialPattern: shape.serialPattern,
    password: '',
  });
  try {
    await sleep(shape.warmupMs);
    await stack.generator.call('untilEveryDeviceHadASession');
    const before = await read(stack, balancer.pid);
    const topicBefore = stack.sessionEventBytes.totals();
    await stack.generator.call('openWindow');
    await sleep(shape.durationMs);
    const figures = await stack.generator.call('closeWindow');
    const after = await read(stack, balancer.pid);
    const topicAfter = stack.sessionEventBytes.totals();
    if (figures.sessions === 0)
      throw new Error(`${setup}: no session completed (${JSON.stringify(figures.failures)})`);
    const per = (total: number) => total / figures.sessions;
    const sorted = Float64Array.from(figures.latenciesMs).sort();
    return {
      sessionsPerSecond: figures.sessions / (figures.elapsedMs / 1000),
      p50Ms: quantile(sorted, 0.5),
      p99Ms: quantile(sorted, 0.99),
      failures: figures.failures,
      cpuUs: {
        gateways: after.gateways.map((cpu, i) => per(cpu - (before.gateways[i] ?? 0))),
        balancer: per(after.balancer - before.balancer),
        // The generator's own window: its CPU between opening and closing it.
        generator: per(figures.generatorCpuUs),
        redis: per(after.redis - before.redis),
        kafka: per(after.kafka - before.kafka),
        orchestrator: per(after.orchestrator - before.orchestrator),
      },
      kafkaRecords: per(topicAfter.records - topicBefore.records),
      kafkaBytes: per(topicAfter.bytes - topicBefore.bytes),
    };
  } finally {
    await stack.generator.call('stop');
  }
}

export function totalCpuUs(cpu: CpuPerSession): number {
  return (
    cpu.gateways.reduce((sum, value) => sum + value, 0) +
    cpu.balancer +
    cpu.generator +
    cpu.redis +
    cpu.kafka +
    cpu.orchestrator
  );
}
