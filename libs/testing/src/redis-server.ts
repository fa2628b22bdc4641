import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { findExecutable, OutputTail, spawnTracked, stopChild } from './child-processes';
import { freeLoopbackPort } from './free-port';
import { buildNative } from './native-build';

export interface RedisServerOptions {
  /** redis-server binary (name on PATH or path). Default `redis-server`. */
  binary?: string;
  /** How long to wait for "Ready to accept connections". Default 20 s (loaded CI machines). */
  startTimeoutMs?: number;
  /** A fixed port, e.g. to restart a server where its clients will reconnect. Default: a free one. */
  port?: number;
}

export interface RedisServer {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly pid: number;
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';
const PORT_ATTEMPTS = 5;

/** Wraps the server so the kernel kills it when this process dies (see die-with-parent.c). */
const DIE_WITH_PARENT = {
  name: 'die-with-parent',
  libs: [],
  installHint: 'a C compiler and libc headers are needed: apt-get install -y gcc libc6-dev',
};

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
  const dir = await mkdtemp(join(tmpdir(), 'acs-redis-'));
  try {
    for (let attempt = 1; ; attempt++) {
      const port = options.port ?? (await freeLoopbackPort());
      try {
        return await launch(wrapper, binary, port, dir, options.startTimeoutMs ?? 20_000);
      } catch (error) {
        const retry = error instanceof PortTaken && options.port === undefined;
        if (!retry || attempt >= PORT_ATTEMPTS) throw error;
      }
    }
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

async function launch(
  wrapper: string,
  binary: string,
  port: number,
  dir: string,
  timeoutMs: number,
): Promise<RedisServer> {
  const args = ['--port', String(port), '--bind', HOST, '--save', '', '--appendonly', 'no'];
  args.push('--dir', dir, '--logfile', '', '--daemonize', 'no');
  const child = spawnTracked('redis-server', () =>
    spawn(wrapper, [String(process.pid), binary, ...args], { stdio: ['ignore', 'pipe', 'pipe'] }),
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
    pid: child.pid ?? -1,
    stop: async () => {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
