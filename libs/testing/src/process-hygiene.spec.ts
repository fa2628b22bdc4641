import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { isProcessRunning } from './child-processes';
import { startKafkaMockCluster } from './kafka-mock-cluster';
import { startFerretDb } from './mongo/ferretdb-server';
import { startRedisServer } from './redis-server';
import { waitFor } from './test-support/wait-for';

// The first start may build FerretDB (about 100 s, more on a loaded machine).
const TEST_TIMEOUT_MS = 600_000;

interface ServicePids {
  redisPid: number;
  kafkaPid: number;
  ferretdbPid: number;
  ferretdbDir: string;
}

describe('no process left behind', () => {
  it(
    'stop() ends redis-server, the Kafka mock cluster launcher and FerretDB',
    async () => {
      const redis = await startRedisServer();
      const kafka = await startKafkaMockCluster({ brokers: 2 });
      const ferretdb = await startFerretDb();
      expect(isProcessRunning(redis.pid)).toBe(true);
      expect(isProcessRunning(kafka.pid)).toBe(true);
      expect(isProcessRunning(ferretdb.pid)).toBe(true);
      expect(existsSync(ferretdb.dir)).toBe(true);

      await Promise.all([redis.stop(), kafka.stop(), ferretdb.stop()]);

      expect(isProcessRunning(redis.pid)).toBe(false);
      expect(isProcessRunning(kafka.pid)).toBe(false);
      expect(isProcessRunning(ferretdb.pid)).toBe(false);
      // Its SQLite files and state go with it.
      expect(existsSync(ferretdb.dir)).toBe(false);
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
        // No stop() ran, so FerretDB's temp dir stayed; the next start removes it.
        expect(existsSync(pids.ferretdbDir)).toBe(true);
        await (await startFerretDb()).stop();
        expect(existsSync(pids.ferretdbDir)).toBe(false);
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
    expect(isProcessRunning(pids.ferretdbPid)).toBe(true);
    return { parent, pids };
  } catch (error) {
    parent.kill('SIGKILL');
    throw error;
  }
}

function waitForGone(
  { redisPid, kafkaPid, ferretdbPid }: ServicePids,
  when: string,
): Promise<void> {
  return waitFor(
    () => ![redisPid, kafkaPid, ferretdbPid].some(isProcessRunning),
    `redis-server ${redisPid}, launcher ${kafkaPid} and ferretdb ${ferretdbPid} gone ${when}`,
    10_000,
  );
}
