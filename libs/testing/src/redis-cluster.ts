import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { findExecutable, OutputTail, spawnTracked, stopChild } from './child-processes';
import { DIE_WITH_PARENT, buildNative } from './native-build';
import { startRedisServer, type RedisServer } from './redis-server';
import { clusterView, keySlot, type ClusterView } from './redis-cluster-view';

export interface RedisClusterOptions {
  /** redis-server binary (name on PATH or path). Default `redis-server`. */
  binary?: string;
  /** redis-cli binary, for `--cluster create`. Default `redis-cli`. */
  cli?: string;
  /**
   * cluster-node-timeout. Default 500 ms: a killed master is failed over in about a second or
   * two (node timeout, then the replica's election delay of 0.5-1 s), short enough for a test.
   */
  nodeTimeoutMs?: number;
  /** How long the whole start may take, until the cluster is ok everywhere. Default 60 s. */
  startTimeoutMs?: number;
}

export interface RedisClusterNode {
  /** `127.0.0.1:<port>`, as the cluster itself names the node. */
  readonly address: string;
  readonly host: string;
  readonly port: number;
  /** The running redis-server's PID; -1 while the node is killed. */
  readonly pid: number;
  readonly running: boolean;
}

export interface RedisCluster {
  /** Every node's `host:port`, comma-separated: the value for REDIS_CLUSTER_NODES. */
  readonly clusterNodes: string;
  /** The same nodes, as ioredis' Cluster takes them. */
  readonly startupNodes: { host: string; port: number }[];
  /** All six nodes, killed ones included. */
  readonly members: readonly RedisClusterNode[];
  /** The hash slot of a key (CLUSTER KEYSLOT, so the hash tag rules are the server's). */
  slotOf(key: string): Promise<number>;
  /** The node serving the key's slot now, as a running node sees the cluster. */
  masterOf(key: string): Promise<RedisClusterNode>;
  /** The replicas of a master, as a running node sees the cluster. */
  replicasOf(master: RedisClusterNode): Promise<RedisClusterNode[]>;
  /** The masters that serve slots now. */
  masters(): Promise<RedisClusterNode[]>;
  /** SIGKILLs a node, as a crash: no shutdown, no goodbye to its peers. */
  kill(node: RedisClusterNode): Promise<void>;
  /** Starts a killed node again on its ports with its nodes.conf: it rejoins the cluster. */
  restart(node: RedisClusterNode): Promise<void>;
  /**
   * Resolves once every running node reports cluster_state:ok with all 16384 slots ok, every
   * node sees the same master for every slot, every such master is running, and every running
   * replica's link to its master is up.
   */
  waitUntilOk(timeoutMs?: number): Promise<void>;
  /** Stops every node and removes their directories. */
  stop(): Promise<void>;
}

const MASTERS = 3;
const REPLICAS_PER_MASTER = 1;

class ClusterNode implements RedisClusterNode {
  constructor(
    private server: RedisServer | undefined,
    readonly host: string,
    readonly port: number,
    readonly busPort: number,
    readonly dir: string,
  ) {}

  get address(): string {
    return `${this.host}:${this.port}`;
  }
  get pid(): number {
    return this.server?.pid ?? -1;
  }
  get running(): boolean {
    return this.server !== undefined;
  }

  async kill(): Promise<void> {
    await this.server?.kill();
    this.server = undefined;
  }
  async stop(): Promise<void> {
    await this.server?.stop();
    this.server = undefined;
  }
  revive(server: RedisServer): void {
    this.server = server;
  }
}

/**
 * A real Redis Cluster on loopback: three masters and three replicas (Debian's redis-server),
 * created with `redis-cli --cluster create --cluster-replicas 1`. Each node dies with this
 * process (die-with-parent), and its directory lives under one temp directory removed on stop().
 */
export async function startRedisCluster(options: RedisClusterOptions = {}): Promise<RedisCluster> {
  const cli = options.cli ?? 'redis-cli';
  if (!findExecutable(cli)) {
    throw new Error(`${cli} not found on PATH; install it: apt-get install -y redis-server`);
  }
  const nodeTimeoutMs = options.nodeTimeoutMs ?? 500;
  const startTimeoutMs = options.startTimeoutMs ?? 60_000;
  const root = await mkdtemp(join(tmpdir(), 'acs-redis-cluster-'));
  const nodes: ClusterNode[] = [];
  const stop = async () => {
    await Promise.all(nodes.map((node) => node.stop()));
    await rm(root, { recursive: true, force: true });
  };
  try {
    const count = MASTERS * (1 + REPLICAS_PER_MASTER);
    const started = await Promise.allSettled(
      Array.from({ length: count }, async (_, index) => {
        const dir = join(root, `node-${index}`);
        await mkdir(dir);
        const server = await startRedisServer({
          ...(options.binary ? { binary: options.binary } : {}),
          cluster: { nodeTimeoutMs },
          dir,
        });
        nodes.push(new ClusterNode(server, server.host, server.port, server.busPort ?? 0, dir));
      }),
    );
    const failed = started.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    await createCluster(cli, nodes);
    const cluster = clusterOf(nodes, nodeTimeoutMs, stop);
    await cluster.waitUntilOk(startTimeoutMs);
    return cluster;
  } catch (error) {
    await stop();
    throw error;
  }
}

function clusterOf(
  nodes: ClusterNode[],
  nodeTimeoutMs: number,
  stop: () => Promise<void>,
): RedisCluster {
  const byAddress = (address: string): ClusterNode => {
    const node = nodes.find((candidate) => candidate.address === address);
    if (!node) throw new Error(`the cluster names ${address}, which is none of its nodes`);
    return node;
  };
  const anyRunning = (): ClusterNode => {
    const node = nodes.find((candidate) => candidate.running);
    if (!node) throw new Error('no node of the cluster is running');
    return node;
  };
  const view = (): Promise<ClusterView> => clusterView(anyRunning());
  const own = (node: RedisClusterNode): ClusterNode => byAddress(node.address);

  return {
    clusterNodes: nodes.map((node) => node.address).join(','),
    startupNodes: nodes.map(({ host, port }) => ({ host, port })),
    members: nodes,
    slotOf: (key) => keySlot(anyRunning(), key),
    masterOf: async (key) => {
      const slot = await keySlot(anyRunning(), key);
      const range = (await view()).ranges.find((r) => r.start <= slot && slot <= r.end);
      if (!range) throw new Error(`no master serves slot ${slot}`);
      return byAddress(range.master);
    },
    replicasOf: async (master) => {
      const range = (await view()).ranges.find((r) => r.master === master.address);
      return (range?.replicas ?? []).map(byAddress);
    },
    masters: async () => [...new Set((await view()).ranges.map((r) => r.master))].map(byAddress),
    kill: (node) => own(node).kill(),
    restart: async (node) => {
      const target = own(node);
      if (target.running) throw new Error(`${target.address} is running already`);
      target.revive(
        await startRedisServer({
          port: target.port,
          cluster: { nodeTimeoutMs, busPort: target.busPort },
          dir: target.dir,
        }),
      );
    },
    waitUntilOk: (timeoutMs = 30_000) => waitUntilOk(nodes, timeoutMs),
    stop,
  };
}

async function createCluster(cli: string, nodes: ClusterNode[]): Promise<void> {
  const wrapper = await buildNative(DIE_WITH_PARENT);
  const args = ['--cluster', 'create', ...nodes.map((node) => node.address)];
  args.push('--cluster-replicas', String(REPLICAS_PER_MASTER), '--cluster-yes');
  const child = spawnTracked('redis-cli', () =>
    spawn(wrapper, [String(process.pid), cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] }),
  );
  const tail = new OutputTail();
  createInterface({ input: child.stdout }).on('line', (line) => tail.push(line));
  createInterface({ input: child.stderr }).on('line', (line) => tail.push(line));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  try {
    const code = await exited;
    if (code !== 0) throw new Error(`redis-cli --cluster create failed (${code}):\n${tail}`);
  } finally {
    clearTimeout(timer);
    await stopChild(child, () => child.kill('SIGKILL'));
  }
}

async function waitUntilOk(nodes: ClusterNode[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let problem = 'not checked yet';
  for (;;) {
    problem = await whatIsNotOk(nodes).catch((error: unknown) => String(error));
    if (problem === '') return;
    if (Date.now() > deadline) {
      throw new Error(`Redis Cluster not ok after ${timeoutMs} ms: ${problem}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** '' when the cluster is ok as waitUntilOk() defines it, else what is not. */
async function whatIsNotOk(nodes: ClusterNode[]): Promise<string> {
  const running = nodes.filter((node) => node.running);
  const views = await Promise.all(running.map((node) => clusterView(node)));
  const reference = views[0];
  if (!reference) return 'no node is running';
  for (const [index, seen] of views.entries()) {
    const node = running[index]?.address;
    if (seen.state !== 'ok') return `${node}: cluster_state:${seen.state}`;
    if (seen.slotsOk !== 16_384) return `${node}: ${seen.slotsOk} slots ok`;
    if (seen.slotMap !== reference.slotMap) return `${node} sees other masters than its peers`;
    if (seen.role === 'slave' && !seen.linkUp) return `${node}: replica link down`;
  }
  const masters = new Set(reference.ranges.map((range) => range.master));
  if (masters.size !== MASTERS) return `${masters.size} masters serve slots`;
  const gone = [...masters].filter((address) => !running.some((n) => n.address === address));
  if (gone.length > 0) return `slots still on ${gone.join(', ')}, which is down`;
  return '';
}
