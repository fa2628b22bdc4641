import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { isProcessRunning } from './child-processes';
import { startKafkaCluster } from './kafka-cluster/kafka-cluster';
import { startKafkaMockCluster } from './kafka-mock-cluster';
import { startFerretDb } from './mongo/ferretdb-server';
import { startRedisCluster } from './redis-cluster';
import { startRedisServer } from './redis-server';
import { waitFor } from './test-support/wait-for';

// The first start may build FerretDB (about 100 s, more on a loaded machine).
const TEST_TIMEOUT_MS = 600_000;
const ROOT = join(import.meta.dirname, '..', '..', '..');

describe('no process left behind', () => {
  it(
    'stop() ends redis-server, every Redis Cluster node, the Kafka mock cluster launcher, every Kafka node and FerretDB',
    async () => {
      const [redis, redisCluster, kafka, cluster, ferretdb] = await Promise.all([
        startRedisServer(),
        startRedisCluster(),
        startKafkaMockCluster({ brokers: 2 }),
        startKafkaCluster({ brokers: 1 }),
        startFerretDb(),
      ]);
      const pids = [
        redis.pid,
        ...redisCluster.members.map((node) => node.pid),
        kafka.pid,
        ...cluster.pids(),
        ferretdb.pid,
      ];
      expect(pids).toHaveLength(11);
      for (const pid of pids) expect(isProcessRunning(pid)).toBe(true);
      expect(existsSync(ferretdb.dir)).toBe(true);

      await Promise.all([
        redis.stop(),
        redisCluster.stop(),
        kafka.stop(),
        cluster.stop(),
        ferretdb.stop(),
      ]);

      for (const pid of pids) expect(isProcessRunning(pid)).toBe(false);
      // FerretDB's SQLite files and state go with it.
      expect(existsSync(ferretdb.dir)).toBe(false);
      await expect(kafka.createTopic('late', 1)).rejects.toThrow(/stopped/);
    },
    TEST_TIMEOUT_MS,
  );

  // Every server is started through the same die-with-parent wrapper: every kind of server is
  // checked under SIGKILL (no handler runs), the other endings on a native and a Go server.
  it.each([
    ['SIGKILL', 'full'],
    ['SIGTERM', 'light'],
    ['SIGINT', 'light'],
  ] as const)(
    'services die with their parent process when it receives %s',
    async (signal, services) => {
      // A separate node process starts the services and never stops them, like a jest worker
      // killed mid-test.
      const { parent, pids, ferretdbDir } = await startServicesInChildProcess(services);
      try {
        parent.kill(signal);
        await waitForGone(pids, `after ${signal}`);
        // No stop() ran, so FerretDB's temp dir stayed; the next start removes it.
        expect(existsSync(ferretdbDir)).toBe(true);
        await (await startFerretDb()).stop();
        expect(existsSync(ferretdbDir)).toBe(false);
      } finally {
        parent.kill('SIGKILL');
      }
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'services stop when their process loses its parent, as a jest worker orphaned by a killed jest does',
    async () => {
      const { parent, pids } = await startServicesInChildProcess('light');
      try {
        parent.disconnect();
        await waitForGone(pids, 'after the IPC channel closed');
        expect(isProcessRunning(parent.pid ?? -1)).toBe(true);
      } finally {
        parent.kill('SIGKILL');
      }
    },
    TEST_TIMEOUT_MS,
  );

  it.each([
    ['its stdin closes, as at the global teardown', (daemon: ChildProcess) => daemon.stdin?.end()],
    ['it is SIGKILLed, as when jest is', (daemon: ChildProcess) => daemon.kill('SIGKILL')],
  ])(
    "the run's shared servers stop when %s",
    async (_when, end) => {
      const daemon = spawn(
        process.execPath,
        ['--import', '@swc-node/register/esm-register', 'libs/testing/src/shared-services/main.ts'],
        { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] },
      );
      try {
        const port = await firstLine(daemon).then((line) => /^LISTENING (\d+)$/.exec(line)?.[1]);
        const answer = await fetch(`http://127.0.0.1:${port}/kafka`);
        if (!answer.ok) throw new Error(`shared Kafka did not start: ${await answer.text()}`);
        const kafka = (await answer.json()) as { brokers: string[] };
        expect(kafka.brokers).toHaveLength(3);
        const servers = childrenOf(daemon.pid ?? -1);
        // Three brokers and the controller.
        expect(servers.length).toBeGreaterThanOrEqual(4);
        end(daemon);
        await waitForGone(servers, 'after the shared services ended');
      } finally {
        daemon.kill('SIGKILL');
      }
    },
    TEST_TIMEOUT_MS,
  );
});

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    if (!child.stdout) throw new Error('no stdout pipe');
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`exited early (${code})`)));
  });
}

async function startServicesInChildProcess(services: 'full' | 'light'): Promise<{
  parent: ChildProcess;
  pids: number[];
  ferretdbDir: string;
}> {
  const script = join(import.meta.dirname, 'test-support/start-services-and-idle.ts');
  const parent = spawn(
    process.execPath,
    [
      '--import',
      '@swc-node/register/esm-register',
      script,
      ...(services === 'light' ? ['--light'] : []),
    ],
    { stdio: ['pipe', 'pipe', 'inherit', 'ipc'] },
  );
  try {
    const started = JSON.parse(await firstLine(parent)) as { pids: number[]; ferretdbDir: string };
    // redis-server and FerretDB; in full, six Redis Cluster nodes, the mock launcher, a Kafka
    // broker and controller besides.
    expect(started.pids).toHaveLength(services === 'full' ? 11 : 2);
    for (const pid of started.pids) expect(isProcessRunning(pid)).toBe(true);
    return { parent, ...started };
  } catch (error) {
    parent.kill('SIGKILL');
    throw error;
  }
}

/** Direct children of `pid`, from /proc (the servers a process started). */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        return ppid === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

function waitForGone(pids: number[], when: string): Promise<void> {
  return waitFor(
    () => pids.every((pid) => !isProcessRunning(pid)),
    `processes ${pids.join(', ')} gone ${when}`,
    20_000,
  );
}
