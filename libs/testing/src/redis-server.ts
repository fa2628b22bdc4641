import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { findExecutable, OutputTail, spawnTracked, stopChild } from './child-processes';
import { freeLoopbackPort } from './free-port';
import { DIE_WITH_PARENT, buildNative } from './native-build';

export interface RedisServerOptions {
  /** redis-server binary (name on PATH or path). Default `redis-server`. */
  binary?: string;
  /** How long to wait for "Ready to accept connections". Default 20 s (loaded CI machines). */
  startTimeoutMs?: number;
  /** A fixed port, e.g. to restart a server where its clients will reconnect. Default: a free one. */
  port?: number;
  /** Starts a Redis Cluster node (cluster-enabled yes) instead of a standalone server. */
  cluster?: RedisClusterNodeSettings;
  /**
   * A working directory the caller owns and keeps after stop(), e.g. so that a cluster node
   * restarted there finds its nodes.conf. Default: a temp directory removed on stop().
   */
  dir?: string;
}

export interface RedisClusterNodeSettings {
  /** cluster-node-timeout: how long a silent node takes to be suspected failed. */
  nodeTimeoutMs: number;
  /** The cluster bus port (cluster-port). Default: a free one. */
  busPort?: number;
}

export interface RedisServer {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** The cluster bus port of a cluster node; undefined for a standalone server. */
  readonly busPort: number | undefined;
  readonly pid: number;
  /** SIGTERM, then removes the temp directory (not a `dir` the caller gave). */
  stop(): Promise<void>;
  /** SIGKILL, a crash: the server gets no chance to tell anyone. Resolves once it is gone. */
  kill(): Promise<void>;
}

const HOST = '127.0.0.1';
const PORT_ATTEMPTS = 5;

class PortTaken extends Error {}

/**
 * Starts a real, throw-away redis-server on a free loopback port: no persistence, data in a temp
 * dir removed on stop(). The server dies with this process even on SIGKILL (PR_SET_PDEATHSIG).
 */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const binary = options.binary ?? 'redis-server';
  if (!findExecutable(binary)) {
    throw new Error(`${binary} not found on PATH; install it: apt-get install -y redis-server`);
  }
  const wrapper = await buildNative(DIE_WITH_PARENT);
  const ownsDir = options.dir === undefined;
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'acs-redis-')));
  const removeDir = () => (ownsDir ? rm(dir, { recursive: true, force: true }) : Promise.resolve());
  try {
    // Fixed ports are the caller's to keep free; free ones may be taken before the bind: retry.
    const fixed =
      options.port !== undefined && (!options.cluster || options.cluster.busPort !== undefined);
    for (let attempt = 1; ; attempt++) {
      const port = options.port ?? (await freeLoopbackPort());
      const busPort = options.cluster
        ? (options.cluster.busPort ?? (await freeLoopbackPort()))
        : undefined;
      try {
        const server = await launch(wrapper, binary, {
          port,
          busPort,
          dir,
          cluster: options.cluster,
          timeoutMs: options.startTimeoutMs ?? 20_000,
        });
        return {
          ...server,
          stop: async () => {
            await server.stop();
            await removeDir();
          },
        };
      } catch (error) {
        if (!(error instanceof PortTaken) || fixed || attempt >= PORT_ATTEMPTS) throw error;
      }
    }
  } catch (error) {
    await removeDir();
    throw error;
  }
}

interface Launch {
  port: number;
  busPort: number | undefined;
  dir: string;
  cluster: RedisClusterNodeSettings | undefined;
  timeoutMs: number;
}

function serverArgs({ port, busPort, cluster, dir }: Launch): string[] {
  const args = ['--port', String(port), '--bind', HOST, '--save', '', '--appendonly', 'no'];
  args.push('--dir', dir, '--logfile', '', '--daemonize', 'no');
  if (cluster) {
    args.push('--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf');
    args.push('--cluster-node-timeout', String(cluster.nodeTimeoutMs));
    args.push('--cluster-port', String(busPort));
    // A replica always stands for election, however long its master has been silent: with a
    // node timeout this small, the default data-age limit could leave the slots uncovered.
    args.push('--cluster-replica-validity-factor', '0');
  }
  return args;
}

async function launch(wrapper: string, binary: string, settings: Launch): Promise<RedisServer> {
  const { port, busPort, timeoutMs } = settings;
  const child = spawnTracked('redis-server', () =>
    spawn(wrapper, [String(process.pid), binary, ...serverArgs(settings)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  const tail = new OutputTail();
  // Read both streams for the server's whole life, so a full pipe never blocks its logging.
  createInterface({ input: child.stderr }).on('line', (line) => tail.push(line));
  const stdout = createInterface({ input: child.stdout });
  stdout.on('line', (line) => tail.push(line));

  const stop = (): Promise<void> => stopChild(child, () => child.kill('SIGTERM'));
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`redis-server not ready after ${timeoutMs} ms:\n${tail}`)),
        timeoutMs,
      );
      stdout.on('line', (line) => {
        if (line.includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        const output = tail.toString();
        if (output.includes('Address already in use')) reject(new PortTaken(output));
        else reject(new Error(`redis-server exited (${signal ?? code}) on start:\n${output}`));
      });
    });
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    url: `redis://${HOST}:${port}`,
    host: HOST,
    port,
    busPort,
    pid: child.pid ?? -1,
    stop,
    kill: () => stopChild(child, () => child.kill('SIGKILL')),
  };
}
