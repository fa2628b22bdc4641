import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import type { Admin } from 'kafkajs';
import { createTopicsWithLeaders } from './create-topics';
import { hasExited, OutputTail, spawnTracked, stopChild } from '../child-processes';
import { freeLoopbackPort } from '../free-port';
import { kafkaClient } from '../kafka-client';
import { buildNative } from '../native-build';
import { waitFor } from '../test-support/wait-for';
import {
  bootstrapAddress,
  brokerProperties,
  controllerProperties,
  type NodePlacement,
} from './broker-properties';
import { kafkaDistribution, type KafkaDistribution } from './kafka-distribution';

const execFileAsync = promisify(execFile);

export interface KafkaClusterOptions {
  /** Brokers, each also a KRaft controller (ids 1..n). Default 3. */
  brokers?: number;
  /** Default replication of every topic (and the internal ones). Default min(3, brokers). */
  replicationFactor?: number;
  /** Default min.insync.replicas. Default min(2, brokers). */
  minInsyncReplicas?: number;
  /** JVM heap of each broker. Default 384 MB: three fit beside the services on a 2-core box. */
  heapMb?: number;
  /** Apache Kafka version (Maven Central). Default ACS_TEST_KAFKA_VERSION or DEFAULT_KAFKA_VERSION. */
  version?: string;
  /** How long the cluster may take to come up. Default 240 s (a loaded machine starts JVMs slowly). */
  startTimeoutMs?: number;
}

/** What a client needs to know of a cluster (plain data: it crosses processes). */
export interface KafkaClusterInfo {
  /** Bootstrap addresses, broker 1 first. */
  brokers: string[];
  version: string;
  brokerCount: number;
  replicationFactor: number;
  minInsyncReplicas: number;
}

/**
 * A real Apache Kafka cluster in KRaft mode on loopback: brokers 1..n and one KRaft controller,
 * with broker faults on demand.
 */
export interface KafkaCluster {
  readonly info: KafkaClusterInfo;
  readonly brokers: string[];
  readonly brokerIds: number[];
  /** Creates topics through the admin API (name → partitions), as an operator would. */
  createTopics(topics: Record<string, number>): Promise<void>;
  /** The broker leading a partition now (from the cluster's metadata). */
  leaderOf(topic: string, partition: number): Promise<number>;
  /** SIGKILL: a crash, no controlled shutdown. */
  killBroker(id: number): Promise<void>;
  /** SIGTERM: a controlled shutdown, leadership moves away first. */
  stopBroker(id: number): Promise<void>;
  /** Starts a stopped or killed broker again on its ports and data; resolves once it serves. */
  startBroker(id: number): Promise<void>;
  /** Resolves once every partition of `topic` has all its replicas in sync again. */
  waitForFullIsr(topic: string, timeoutMs?: number): Promise<void>;
  isRunning(id: number): boolean;
  pidOf(id: number): number | undefined;
  /** PIDs of every running node, the controller included (for CPU accounting). */
  pids(): number[];
  stop(): Promise<void>;
}

const DIE_WITH_PARENT = {
  name: 'die-with-parent',
  libs: [],
  installHint: 'a C compiler and libc headers are needed: apt-get install -y gcc libc6-dev',
};

const STARTED = /Kafka Server started/;
/** The controller's node id, clear of the brokers' 1..n. */
const CONTROLLER_ID = 1000;
const CONTROLLER_HEAP_MB = 128;

/** Starts the cluster: jars (resolved once), storage formatted, every broker up and registered. */
export async function startKafkaCluster(options: KafkaClusterOptions = {}): Promise<KafkaCluster> {
  const count = options.brokers ?? 3;
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`brokers must be >= 1: ${count}`);
  const replicationFactor = options.replicationFactor ?? Math.min(3, count);
  const minInsyncReplicas = options.minInsyncReplicas ?? Math.min(2, count);
  const timeoutMs = options.startTimeoutMs ?? 240_000;
  const [distribution, wrapper] = await Promise.all([
    kafkaDistribution(options.version),
    buildNative(DIE_WITH_PARENT),
  ]);
  const dir = await mkdtemp(join(tmpdir(), 'acs-kafka-'));
  const node = async (id: number, name: string): Promise<NodePlacement> => ({
    id,
    port: await freeLoopbackPort(),
    logDir: join(dir, name),
  });
  const controller = await node(CONTROLLER_ID, 'controller');
  const placements: NodePlacement[] = [];
  for (let id = 1; id <= count; id++) placements.push(await node(id, `broker-${id}`));
  const defaults = { replicationFactor, minInsyncReplicas };
  const configs = new Map<number, string>();
  const writeConfig = async (placement: NodePlacement, properties: string) => {
    const file = join(dir, `node-${placement.id}.properties`);
    await writeFile(file, properties);
    configs.set(placement.id, file);
  };
  await writeConfig(controller, controllerProperties(controller, defaults));
  for (const placement of placements) {
    await writeConfig(placement, brokerProperties(placement, controller, defaults));
  }
  const clusterId = newClusterId();
  await Promise.all(
    [...configs.values()].map((config) => formatStorage(distribution, clusterId, config)),
  );

  const nodes = new Map<number, NodeProcess>();
  const launch = (id: number) => {
    const heapMb = id === CONTROLLER_ID ? CONTROLLER_HEAP_MB : (options.heapMb ?? 384);
    const started = new NodeProcess(id, wrapper, distribution, configs.get(id) as string, heapMb);
    nodes.set(id, started);
    return started;
  };
  let admin: Admin | undefined;
  const adminClient = async (): Promise<Admin> => {
    if (!admin) {
      const client = kafkaClient({ brokers: placements.map(bootstrapAddress) }, 'harness-admin');
      admin = client.admin();
      await admin.connect();
    }
    return admin;
  };
  // Throw-away data: no controlled shutdown needed, and SIGKILL ends a cluster in well under a second.
  const stop = async () => {
    await admin?.disconnect().catch(() => undefined);
    await Promise.all([...nodes.values()].map((running) => running.kill()));
    await rm(dir, { recursive: true, force: true });
  };

  try {
    const deadline = Date.now() + timeoutMs;
    for (const id of [CONTROLLER_ID, ...placements.map((placement) => placement.id)]) launch(id);
    await Promise.all([...nodes.values()].map((running) => running.started(deadline)));
    const remaining = () => Math.max(1_000, deadline - Date.now());
    await waitFor(
      async () => {
        const cluster = await (await adminClient()).describeCluster().catch(() => undefined);
        return cluster?.brokers.length === count;
      },
      `all ${count} Kafka brokers registered`,
      remaining(),
    );
    // Asking for a group's coordinator creates __consumer_offsets, replicated on every broker.
    // Made now, while all brokers run: a suite that first joins a group with a broker down would
    // otherwise find no coordinator until that broker returns.
    await waitFor(
      async () =>
        (await adminClient())
          .describeGroups(['harness-warm-up'])
          .then(() => true)
          .catch(() => false),
      'the group coordinator (__consumer_offsets) ready',
      remaining(),
    );
  } catch (error) {
    await stop();
    throw error;
  }

  const brokerOf = (id: number): NodeProcess => {
    const broker = id === CONTROLLER_ID ? undefined : nodes.get(id);
    if (!broker) throw new RangeError(`no broker ${id} (brokers are 1..${count})`);
    return broker;
  };
  const partitionsOf = async (topic: string) =>
    (await (await adminClient()).fetchTopicMetadata({ topics: [topic] })).topics[0]?.partitions ??
    [];

  const info: KafkaClusterInfo = {
    brokers: placements.map(bootstrapAddress),
    version: distribution.version,
    brokerCount: count,
    replicationFactor,
    minInsyncReplicas,
  };
  return {
    info,
    brokers: info.brokers,
    brokerIds: placements.map(({ id }) => id),
    createTopics: async (topics) => {
      const created = Object.entries(topics).map(([topic, numPartitions]) => ({
        topic,
        numPartitions,
        replicationFactor,
      }));
      await createTopicsWithLeaders(await adminClient(), created);
    },
    leaderOf: async (topic, partition) => {
      const found = (await partitionsOf(topic)).find((p) => p.partitionId === partition);
      if (!found) throw new RangeError(`${topic} has no partition ${partition}`);
      return found.leader;
    },
    killBroker: (id) => brokerOf(id).kill(),
    stopBroker: (id) => brokerOf(id).stop(),
    startBroker: async (id) => {
      if (brokerOf(id).running) throw new Error(`broker ${id} is running`);
      await launch(id).started(Date.now() + timeoutMs);
    },
    waitForFullIsr: (topic, waitMs = 60_000) =>
      waitFor(
        async () => {
          const partitions = await partitionsOf(topic).catch(() => []);
          return (
            partitions.length > 0 &&
            partitions.every((p) => p.isr.length === p.replicas.length && p.leader >= 0)
          );
        },
        `every partition of ${topic} fully in sync`,
        waitMs,
      ),
    isRunning: (id) => brokerOf(id).running,
    pidOf: (id) => brokerOf(id).pid,
    pids: () => [...nodes.values()].flatMap((running) => (running.pid ? [running.pid] : [])),
    stop,
  };
}

async function formatStorage(
  distribution: KafkaDistribution,
  clusterId: string,
  config: string,
): Promise<void> {
  const args = [
    '-cp',
    distribution.classpath,
    `-Dlog4j2.configurationFile=${distribution.log4jConfig}`,
  ];
  args.push('kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', config);
  try {
    await execFileAsync('java', args);
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`kafka StorageTool format failed for ${config}:\n${stdout}${stderr}`);
  }
}

/** One broker or controller JVM, killed by the kernel if this process dies (die-with-parent). */
class NodeProcess {
  private readonly child: ChildProcess;
  private readonly tail = new OutputTail(60);
  private up = false;

  constructor(
    readonly id: number,
    wrapper: string,
    distribution: KafkaDistribution,
    config: string,
    heapMb: number,
  ) {
    const java = [`-Xms${Math.min(128, heapMb)}m`, `-Xmx${heapMb}m`, '-XX:+UseG1GC'];
    java.push('-Djava.awt.headless=true', `-Dlog4j2.configurationFile=${distribution.log4jConfig}`);
    java.push('-cp', distribution.classpath, 'kafka.Kafka', config);
    this.child = spawnTracked(`kafka node ${id}`, () =>
      spawn(wrapper, [String(process.pid), 'java', ...java], { stdio: ['ignore', 'pipe', 'pipe'] }),
    );
    const { stdout, stderr } = this.child;
    if (!stdout || !stderr) throw new Error('broker spawned without output pipes');
    // Read both streams for the broker's whole life, so a full pipe never blocks its logging.
    createInterface({ input: stderr }).on('line', (line) => this.tail.push(line));
    createInterface({ input: stdout }).on('line', (line) => {
      this.tail.push(line);
      if (STARTED.test(line)) this.up = true;
    });
  }

  get running(): boolean {
    return !hasExited(this.child);
  }

  get pid(): number | undefined {
    return this.running ? this.child.pid : undefined;
  }

  async started(deadline: number): Promise<void> {
    while (!this.up) {
      if (!this.running) throw new Error(`Kafka node ${this.id} exited on start:\n${this.tail}`);
      if (Date.now() > deadline) {
        throw new Error(`Kafka node ${this.id} not started in time:\n${this.tail}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  kill(): Promise<void> {
    return stopChild(this.child, () => this.child.kill('SIGKILL'));
  }

  /** A controlled shutdown can take a while when the broker leads partitions. */
  stop(): Promise<void> {
    return stopChild(this.child, () => this.child.kill('SIGTERM'), 20_000);
  }
}

/**
 * A cluster id as Kafka's own Uuid.randomUuid makes them: base64url of 16 random bytes, never
 * starting with '-', which the storage tool's argument parser would take for an option.
 */
export function newClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}
