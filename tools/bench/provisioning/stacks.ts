/**
 * What bench:provisioning runs against. One redis-server and one Kafka (a real 3-broker cluster,
 * or with `--kafka mock` the librdkafka mock) shared by two setups that never run at the same
 * time, each under a topic and group prefix of its own (so that only its own orchestrator
 * answers its sessions):
 *   stand-in      prefix a., a gateway pod (CWMP_AUTH=none) and bench:gateway's stand-in
 *                 orchestrator, exactly as bench:gateway's gateway_noauth target;
 *   provisioning  prefix b., a gateway pod (CWMP_AUTH=none), and the real provisioning and
 *                 inventory services (apps/<app>/src/main.ts, each a process of its own) on
 *                 embedded stores.
 * While one setup is measured the other's consumers are frozen (SIGSTOP), so that their polling
 * costs the measured one nothing; its idle gateway is left running. Kafka timeouts on both sides
 * outlast such a pause.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { TOPICS } from '@acs/contracts';
import { redisTargetFromEnv } from '@acs/redis';
import {
  FERRETDB_WRITES_PER_COMMAND,
  OperatorApi,
  freePort,
  scratchMongoDatabase,
  startRedisServer,
  startServiceProcess,
  type RedisServer,
  type ServiceProcess,
  secretKeysEnv,
} from '@acs/testing';
import {
  startBenchKafka,
  type BenchKafka,
  type BenchTopics,
  type KafkaKind,
} from '../support/bench-kafka';
import type { BenchStack } from '../gateway/bench-stack';
import { ChildHandle } from '../gateway/child-ipc';
import type { GatewayApi } from '../gateway/gateway-process';
import type { OrchestratorApi } from '../gateway/orchestrator-process';

const gatewayEntry = join(import.meta.dirname, '..', 'gateway', 'gateway-process.ts');
const orchestratorEntry = join(import.meta.dirname, '..', 'gateway', 'orchestrator-process.ts');

/** Longer than any pause (a round of the other setup), shorter than forever. */
const PAUSE_TOLERANT_SESSION_MS = 120_000;
const PAUSE_TOLERANT_REQUEST_MS = 120_000;

export interface ProvisioningSetup {
  /** The setup's topic and group names on the shared cluster. */
  kafka: BenchTopics;
  gateway: ChildHandle<GatewayApi>;
  gatewayUrl: string;
  provisioning: ServiceProcess;
  inventory: ServiceProcess;
  api: OperatorApi;
  dataDir: string;
}

export interface BothSetups {
  redis: RedisServer;
  redisClient: Redis;
  kafka: BenchKafka;
  /** Shaped as bench:gateway's stack, so that its measureRound runs the stand-in unchanged. */
  standIn: BenchStack;
  provisioning: ProvisioningSetup;
}

export interface SetupSettings {
  kafka: KafkaKind;
  partitions: number;
  /** Fetch wait of provisioning's and inventory's consumers (the stand-in's is 5 ms). */
  fetchWaitMs: number;
  /** A directory: provisioning is profiled (cpu-profile.mjs) and writes its profile there when it stops. */
  cpuProfileDir: string | undefined;
}

/** Fills `setups` as it goes, so that stopSetups also cleans up after a start that failed. */
export async function startSetups(
  setups: Partial<BothSetups> & { children?: { stop(): Promise<void> }[] },
  settings: SetupSettings,
): Promise<BothSetups> {
  const children: { stop(): Promise<void> }[] = (setups.children = []);
  const redis = (setups.redis = await startRedisServer());
  const redisClient = (setups.redisClient = new Redis(redis.url));
  const redisTarget = redisTargetFromEnv({ REDIS_URL: redis.url });

  const kafka = (setups.kafka = await startBenchKafka(settings.kafka));
  children.push({ stop: () => kafka.stop() });
  const kafkaA = await kafka.topics('a.', { [TOPICS.sessionEvents]: settings.partitions });
  const orchestrator = ChildHandle.fork<OrchestratorApi>('orchestrator', orchestratorEntry);
  const gatewayA = ChildHandle.fork<GatewayApi>('gateway_stand_in', gatewayEntry);
  // Children before the broker they talk to: unshift, stopped first.
  children.unshift(orchestrator, gatewayA);
  const orchestratorStarted = orchestrator.call('start', {
    redis: redisTarget,
    kafka: kafkaA,
    pauseTolerance: {
      sessionTimeoutMs: PAUSE_TOLERANT_SESSION_MS,
      requestTimeoutMs: PAUSE_TOLERANT_REQUEST_MS,
    },
  });
  const standInGateway = await gatewayA.call('start', {
    redis: redisTarget,
    kafka: kafkaA,
    env: { CWMP_AUTH: 'none' },
    credentials: { devices: [] },
    podId: 'bench-stand-in',
  });

  // Every topic the services use: provisioning also consumes acs.commands and answers on
  // acs.command-results (a topic missing there ends the service at start).
  const kafkaB = await kafka.topics('b.', {
    [TOPICS.sessionEvents]: settings.partitions,
    [TOPICS.deviceChanges]: settings.partitions,
    [TOPICS.events]: settings.partitions,
    [TOPICS.commands]: settings.partitions,
    [TOPICS.commandResults]: settings.partitions,
    [TOPICS.audit]: 1,
  });
  const gatewayB = ChildHandle.fork<GatewayApi>('gateway_provisioning', gatewayEntry);
  children.unshift(gatewayB);
  const provisioningGateway = await gatewayB.call('start', {
    redis: redisTarget,
    kafka: kafkaB,
    env: { CWMP_AUTH: 'none' },
    credentials: { devices: [] },
    podId: 'bench-provisioning',
  });
  const dataDir = mkdtempSync(join(tmpdir(), 'provisioning-bench-'));
  children.push({ stop: async () => rmSync(dataDir, { recursive: true, force: true }) });
  // The scaled services share MongoDB (inventory writes the devices, provisioning reads them).
  const mongo = await scratchMongoDatabase('provisioning-bench');
  children.push({ stop: () => mongo.drop() });
  const common = {
    REDIS_URL: redis.url,
    ...kafkaB.env,
    MONGODB_URI: mongo.uri,
    ...secretKeysEnv(),
    MONGODB_WRITES_PER_COMMAND: String(FERRETDB_WRITES_PER_COMMAND),
    KAFKA_SESSION_TIMEOUT_MS: String(PAUSE_TOLERANT_SESSION_MS),
    KAFKA_HEARTBEAT_INTERVAL_MS: '1000',
    KAFKA_MAX_WAIT_MS: String(settings.fetchWaitMs),
  };
  const profile = settings.cpuProfileDir;
  const profiled = (service: string): Record<string, string> =>
    profile
      ? {
          NODE_OPTIONS: `--import=${join(import.meta.dirname, 'cpu-profile.mjs')}`,
          BENCH_CPU_PROF_DIR: profile,
          BENCH_CPU_PROF_NAME: service,
        }
      : {};
  const inventory = await startServiceProcess({
    entry: 'apps/inventory/src/main.ts',
    env: { ...common, OPS_PORT: '0', ...profiled('inventory') },
    ready: (output) => output.includes('adapters'),
  });
  children.unshift({ stop: () => inventory.stop(30_000) });
  const nbiPort = await freePort();
  const provisioning = await startServiceProcess({
    entry: 'apps/provisioning/src/main.ts',
    env: {
      ...common,
      NBI_PORT: String(nbiPort),
      NBI_HOST: '127.0.0.1',
      OPS_PORT: '0',
      ...profiled('provisioning'),
    },
    ready: (output) => output.includes('"ready"'),
  });
  children.unshift({ stop: () => provisioning.stop(30_000) });
  const adminKey = /"adminKey":"([^"]+)"/.exec(provisioning.output())?.[1];
  if (!adminKey) throw new Error(`provisioning printed no admin key:\n${provisioning.output()}`);
  await orchestratorStarted;

  setups.standIn = {
    redis,
    kafka,
    redisClient,
    orchestrator,
    servers: new Map([
      [
        'gateway_noauth',
        {
          url: standInGateway.url,
          usage: () => gatewayA.call('usage'),
          waits: () => gatewayA.call('waits'),
        },
      ],
    ]),
    gateways: new Map([['gateway_noauth', gatewayA]]),
    children: [],
  };
  setups.provisioning = {
    kafka: kafkaB,
    gateway: gatewayB,
    gatewayUrl: provisioningGateway.url,
    provisioning,
    inventory,
    api: new OperatorApi(`http://127.0.0.1:${nbiPort}/api/v1`, adminKey),
    dataDir,
  };
  return setups as BothSetups;
}

export async function stopSetups(
  setups: Partial<BothSetups> & { children?: { stop(): Promise<void> }[] },
): Promise<void> {
  // Frozen processes would ignore SIGTERM until thawed.
  if (setups.standIn && setups.provisioning) {
    thaw(frozenWith(setups as BothSetups, 'stand_in'));
    thaw(frozenWith(setups as BothSetups, 'provisioning'));
  }
  for (const child of setups.children ?? []) {
    await child.stop().catch((error: unknown) => console.error(`stopping: ${String(error)}`));
  }
  setups.redisClient?.disconnect();
  await setups.redis?.stop();
}

export type Setup = 'stand_in' | 'provisioning';

/** The processes of `setup` that poll Kafka: its consumers (the brokers serve both setups). */
export function frozenWith(setups: BothSetups, setup: Setup): number[] {
  if (setup === 'stand_in') return [setups.standIn.orchestrator.pid];
  const { provisioning, inventory } = setups.provisioning;
  return [provisioning.child.pid ?? -1, inventory.child.pid ?? -1];
}

export function freeze(pids: number[]): void {
  for (const pid of pids) process.kill(pid, 'SIGSTOP');
}

export function thaw(pids: number[]): void {
  for (const pid of pids) process.kill(pid, 'SIGCONT');
}
