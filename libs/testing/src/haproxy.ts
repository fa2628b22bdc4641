import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { findExecutable, hasExited, OutputTail, spawnTracked, stopChild } from './child-processes';
import { freeLoopbackPort } from './free-port';
import { buildNative } from './native-build';

export interface LoadBalancerBackend {
  name: string;
  /** Where it serves, `127.0.0.1:port`. */
  address: string;
  /** A port answering GET /healthz: the balancer stops sending to a backend that fails it. */
  healthPort?: number;
}

export interface LoadBalancer {
  /** `http://127.0.0.1:port/` */
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';

const DIE_WITH_PARENT = {
  name: 'die-with-parent',
  libs: [],
  installHint: 'a C compiler and libc headers are needed: apt-get install -y gcc libc6-dev',
};

/**
 * Debian's HAProxy in front of `backends`, round robin per request and no stickiness: the
 * requests of one keep-alive connection, hence of one CWMP session, take turns across the
 * backends, as behind a cloud load balancer without session affinity. A request that was sent to
 * a backend that then died is not retried (the client sees 502 and retries itself, as a CPE
 * does); new connections skip a backend that refuses them or fails its health check.
 */
export async function startLoadBalancer(
  backends: readonly LoadBalancerBackend[],
  options: { startTimeoutMs?: number } = {},
): Promise<LoadBalancer> {
  if (!findExecutable('haproxy')) {
    throw new Error('haproxy not found on PATH; install it: apt-get install -y haproxy');
  }
  const wrapper = await buildNative(DIE_WITH_PARENT);
  const dir = await mkdtemp(join(tmpdir(), 'acs-haproxy-'));
  const port = await freeLoopbackPort();
  const config = join(dir, 'haproxy.cfg');
  await writeFile(config, haproxyConfig(port, backends));
  const child = spawnTracked('haproxy', () =>
    spawn(wrapper, [String(process.pid), 'haproxy', '-f', config, '-db'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  const tail = new OutputTail();
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) createInterface({ input: stream }).on('line', (line) => tail.push(line));
  }
  const stop = async () => {
    await stopChild(child, () => child.kill('SIGTERM'));
    await rm(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + (options.startTimeoutMs ?? 10_000);
  while (!(await accepts(port))) {
    if (hasExited(child) || Date.now() > deadline) {
      await stop();
      throw new Error(`haproxy did not start:\n${tail}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { url: `http://${HOST}:${port}/`, port, pid: child.pid ?? -1, stop };
}

function haproxyConfig(port: number, backends: readonly LoadBalancerBackend[]): string {
  const servers = backends.map(({ name, address, healthPort }) =>
    healthPort
      ? `  server ${name} ${address} check port ${healthPort} inter 500 fall 2 rise 2`
      : `  server ${name} ${address}`,
  );
  return [
    'global',
    `  maxconn ${maxConnections()}`,
    'defaults',
    '  mode http',
    '  timeout connect 2s',
    // A CPE waits on the gateway while provisioning decides: longer than the outbox wait.
    '  timeout client 60s',
    '  timeout server 60s',
    '  retries 1',
    '  option redispatch',
    'frontend cwmp',
    `  bind ${HOST}:${port}`,
    '  default_backend gateways',
    'backend gateways',
    '  balance roundrobin',
    '  option httpchk GET /healthz',
    ...servers,
    '',
  ].join('\n');
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, HOST);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * HAProxy refuses to start when maxconn needs more file descriptors (two per connection) than
 * the process may open: take what the limit here allows, up to 4,000.
 */
function maxConnections(): number {
  const limits = readFileSync('/proc/self/limits', 'utf8');
  const soft = Number(/^Max open files\s+(\d+)/m.exec(limits)?.[1] ?? 1024);
  return Math.max(100, Math.min(4_000, Math.floor((soft - 100) / 2)));
}
