import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { isProcessRunning } from './child-processes';
import { startKafkaMockCluster } from './kafka-mock-cluster';
import { startRedisCluster } from './redis-cluster';
import { startRedisServer } from './redis-server';
import { waitFor } from './test-support/wait-for';

const TEST_TIMEOUT_MS = 60_000;

interface ServicePids {
  redisPid: number;
  kafkaPid: number;
  /** The six redis-server processes of a Redis Cluster. */
  clusterPids: number[];
}

describe('no process left behind', () => {
  it(
    'stop() ends redis-server, every Redis Cluster node and the Kafka mock cluster launcher',
    async () => {
      const redis = await startRedisServer();
      const cluster = await startRedisCluster();
      const kafka = await startKafkaMockCluster({ brokers: 2 });
      const clusterPids = cluster.members.map((node) => node.pid);
      expect(isProcessRunning(redis.pid)).toBe(true);
      expect(clusterPids.filter(isProcessRunning)).toHaveLength(6);
      expect(isProcessRunning(kafka.pid)).toBe(true);

      await Promise.all([redis.stop(), cluster.stop(), kafka.stop()]);

      expect(isProcessRunning(redis.pid)).toBe(false);
      expect(clusterPids.filter(isProcessRunning)).toEqual([]);
      expect(isProcessRunning(kafka.pid)).toBe(false);
      await expect(kafka.createTopic('late', 1)).rejects.toThrow(/stopped/);
    },
    TEST_TIMEOUT_MS,
  );

  it.each(['SIGKILL', 'SIGTERM', 'SIGINT'] as const)(
    'services die with their parent process when it receives %s',
    async (signal) => {
      // A separate node process starts both services and never stops them, like a jest worker
      // killed mid-test.
      const { parent, pids } = await startServicesInChildProcess();
      try {
        parent.kill(signal);
        await waitForGone(pids, `after ${signal}`);
      } finally {
        parent.kill('SIGKILL');
      }
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'services stop when their process loses its parent, as a jest worker orphaned by a killed jest does',
    async () => {
      const { parent, pids } = await startServicesInChildProcess();
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
});

async function startServicesInChildProcess(): Promise<{ parent: ChildProcess; pids: ServicePids }> {
  const script = join(import.meta.dirname, 'test-support/start-services-and-idle.ts');
  const parent = spawn(process.execPath, ['--import', '@swc-node/register/esm-register', script], {
    stdio: ['pipe', 'pipe', 'inherit', 'ipc'],
  });
  const { stdout } = parent;
  try {
    if (!stdout) throw new Error('no stdout pipe');
    const pids = await new Promise<ServicePids>((resolve, reject) => {
      createInterface({ input: stdout }).once('line', (line) =>
        resolve(JSON.parse(line) as ServicePids),
      );
      parent.once('exit', (code) => reject(new Error(`services parent exited early (${code})`)));
    });
    expect(isProcessRunning(pids.redisPid)).toBe(true);
    expect(isProcessRunning(pids.kafkaPid)).toBe(true);
    expect(pids.clusterPids.filter(isProcessRunning)).toHaveLength(6);
    return { parent, pids };
  } catch (error) {
    parent.kill('SIGKILL');
    throw error;
  }
}

function waitForGone({ redisPid, kafkaPid, clusterPids }: ServicePids, when: string) {
  const pids = [redisPid, kafkaPid, ...clusterPids];
  return waitFor(
    () => !pids.some(isProcessRunning),
    `redis-server ${redisPid}, cluster nodes ${clusterPids.join(' ')} and launcher ${kafkaPid} gone ${when}`,
    10_000,
  );
}
