/**
 * What bench:gateway runs against: redis-server, Kafka (a real 3-broker cluster, or with
 * `--kafka mock` the librdkafka mock cluster), the
 * stand-in orchestrator, two gateway pods (Digest as deployed, and CWMP_AUTH=none) and two floors
 * (plain, and with a canned Digest challenge), each server in a child process of its own.
 * Started once; the rounds take turns on them, so an idle server costs nothing meanwhile.
 */
import { spawnSync } from 'child_process';
import { join } from 'path';
import { Redis } from 'ioredis';
import { TOPICS } from '@acs/contracts';
import type { CredentialsEntries } from '@acs/cpe-auth';
import { redisTargetFromEnv } from '@acs/redis';
import { startRedisServer, type RedisServer } from '@acs/testing';
import { startBenchKafka, type BenchKafka, type KafkaKind } from '../support/bench-kafka';
import { ChildHandle, type ProcessUsage } from './child-ipc';
import type { FloorApi } from './floor-process';
import type { DependencyWaits, GatewayApi } from './gateway-process';
import type { OrchestratorApi } from './orchestrator-process';

export const TARGETS = ['floor', 'gateway_noauth', 'floor_digest', 'gateway'] as const;
export type Target = (typeof TARGETS)[number];
export const GATEWAYS: readonly Target[] = ['gateway', 'gateway_noauth'];

export interface BenchStack {
  redis: RedisServer;
  kafka: BenchKafka;
  /** For INFO: memory, and reads processed. */
  redisClient: Redis;
  orchestrator: ChildHandle<OrchestratorApi>;
  servers: Map<
    Target,
    { url: string; usage(): Promise<ProcessUsage>; waits?(): Promise<DependencyWaits> }
  >;
  gateways: Map<Target, ChildHandle<GatewayApi>>;
  /** Every child, stopped before Redis and Kafka. */
  children: { stop(): Promise<void> }[];
}

export interface StackSettings {
  kafka: KafkaKind;
  partitions: number;
  credentials: CredentialsEntries;
  /** A directory: each gateway runs with --cpu-prof and writes its profile in `<dir>/<target>`. */
  cpuProfileDir: string | undefined;
  /** The gateways run a production build (no TypeScript loader) instead of the sources. */
  builtGateways: boolean;
}

const entry = (name: string) => join(import.meta.dirname, `${name}-process.ts`);

/** The gateway child, from the sources (through the loader) or from a build. */
export function gatewayEntry(built: boolean): string {
  return built ? builtGatewayEntry() : entry('gateway');
}

/**
 * The gateway child as plain JavaScript (tools/build, as the apps are built), so that the pods run
 * without the TypeScript loader, as in production; built only when older than its sources.
 */
function builtGatewayEntry(): string {
  const root = join(import.meta.dirname, '..', '..', '..');
  const outDir = join('dist', 'bench', 'gateway');
  const main = join('tools', 'bench', 'gateway', 'gateway-process.ts');
  const result = spawnSync(
    process.execPath,
    ['tools/build/build.mjs', '--if-stale', '--main', main, '--out', outDir],
    { cwd: root, stdio: 'inherit' },
  );
  if (result.status !== 0) throw new Error('building the gateway child failed');
  return join(root, outDir, 'main.js');
}

/**
 * Fills `stack` as it goes, so that the caller's stopBenchStack(stack) also cleans up after a
 * start that failed half-way.
 */
export async function startBenchStack(
  stack: Partial<BenchStack>,
  settings: StackSettings,
): Promise<BenchStack> {
  const children: BenchStack['children'] = (stack.children = []);
  stack.redis = await startRedisServer();
  stack.kafka = await startBenchKafka(settings.kafka);
  const names = await stack.kafka.topics('', { [TOPICS.sessionEvents]: settings.partitions });
  stack.redisClient = new Redis(stack.redis.url);
  const redis = redisTargetFromEnv({ REDIS_URL: stack.redis.url });

  const orchestrator = ChildHandle.fork<OrchestratorApi>('orchestrator', entry('orchestrator'));
  children.push(orchestrator);
  stack.orchestrator = orchestrator;
  // It joins its consumer group (a few seconds on the mock) while the servers start.
  const orchestratorStarted = orchestrator.call('start', { redis, kafka: names });

  const gatewayChild = gatewayEntry(settings.builtGateways);
  const servers: BenchStack['servers'] = (stack.servers = new Map());
  const gateways: BenchStack['gateways'] = (stack.gateways = new Map());
  for (const [target, env] of [
    ['gateway', {}],
    ['gateway_noauth', { CWMP_AUTH: 'none' }],
  ] as const) {
    const profileDir = settings.cpuProfileDir && join(settings.cpuProfileDir, target);
    const gateway = ChildHandle.fork<GatewayApi>(
      target,
      gatewayChild,
      profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
    );
    children.push(gateway);
    const { url } = await gateway.call('start', {
      redis,
      kafka: names,
      env,
      credentials: settings.credentials,
      podId: `bench-${target}`,
    });
    servers.set(target, {
      url,
      usage: () => gateway.call('usage'),
      waits: () => gateway.call('waits'),
    });
    gateways.set(target, gateway);
  }
  for (const [target, challenge] of [
    ['floor', false],
    ['floor_digest', true],
  ] as const) {
    const floor = ChildHandle.fork<FloorApi>(target, entry('floor'));
    children.push(floor);
    const { url } = await floor.call('start', { challenge });
    servers.set(target, { url, usage: () => floor.call('usage') });
  }
  await orchestratorStarted;
  return stack as BenchStack;
}

export async function stopBenchStack(stack: Partial<BenchStack>): Promise<void> {
  // Servers and the orchestrator leave before the broker and Redis they talk to.
  await Promise.all((stack.children ?? []).map((child) => child.stop()));
  stack.redisClient?.disconnect();
  await stack.kafka?.stop();
  await stack.redis?.stop();
}
