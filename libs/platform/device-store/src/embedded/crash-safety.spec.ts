import Database from 'better-sqlite3';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { EMBEDDED_STORE_FILE, EmbeddedDeviceStore } from './embedded-device-store';
import { CRASH_DEVICES, crashDevice, crashUpdate } from './test-support/crash-updates';

const WORKSPACE = resolve(import.meta.dirname, '../../../../..');
const WRITER = join(import.meta.dirname, 'test-support/crash-writer.ts');
/** Acknowledged updates to wait for before the kill: enough for many commits and checkpoints. */
const ACKED_BEFORE_KILL = 3_000;

describe('embedded store: crash safety', () => {
  const directory = mkdtempSync(join(tmpdir(), 'device-store-crash-'));
  let child: ChildProcess | null = null;
  afterAll(() => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(directory, { recursive: true, force: true });
  });

  it('loses no acknowledged update when the writer is killed with SIGKILL right after an ack', async () => {
    const writer = spawn(
      process.execPath,
      ['--import', '@swc-node/register/esm-register', WRITER, directory],
      {
        cwd: WORKSPACE,
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    child = writer;
    let stderr = '';
    writer.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<NodeJS.Signals | number | null>((done) =>
      writer.once('exit', (code, signal) => done(signal ?? code)),
    );

    let lastAcked = 0;
    if (!writer.stdout) throw new Error('the writer has no stdout');
    const lines = createInterface({ input: writer.stdout });
    const killedAfterAck = new Promise<void>((done, fail) => {
      const deadline = setTimeout(
        () => fail(new Error(`only ${lastAcked} acked; stderr: ${stderr}`)),
        90_000,
      );
      lines.on('line', (line) => {
        const match = /^acked (\d+) (\d+)$/.exec(line);
        if (!match) return;
        lastAcked = Number(match[2]);
        if (lastAcked >= ACKED_BEFORE_KILL) {
          writer.kill('SIGKILL');
          clearTimeout(deadline);
          done();
        }
      });
      writer.once('exit', () => fail(new Error(`writer exited early; stderr: ${stderr}`)));
    });
    await killedAfterAck;
    expect(await exited).toBe('SIGKILL');

    const raw = new Database(join(directory, EMBEDDED_STORE_FILE));
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    raw.close();

    const store = new EmbeddedDeviceStore({ directory });
    try {
      const stored = new Map<string, Record<string, unknown>>();
      for (let d = 0; d < CRASH_DEVICES; d++) {
        const device = await store.get(crashDevice(d), { subtree: 'Device.Test.' });
        stored.set(crashDevice(d), device?.parameters ?? {});
      }
      const applied = (n: number) =>
        stored.get(crashDevice(n))?.[`Device.Test.P${n}`] !== undefined;
      const missing = Array.from({ length: lastAcked }, (_, i) => i + 1).filter((n) => !applied(n));
      expect(missing).toEqual([]);
      // The batch in flight at the kill is all there or not at all.
      const inFlight = Array.from({ length: 20 }, (_, i) => lastAcked + 1 + i).map(applied);
      expect(inFlight.every((x) => x === inFlight[0])).toBe(true);
      // The memory of applied eventIds survived too: replaying acknowledged updates changes nothing.
      const replay = Array.from({ length: 200 }, (_, i) => crashUpdate(lastAcked - i));
      expect(await store.applyBatch(replay)).toEqual({ applied: 0, duplicates: 200, ignored: 0 });
    } finally {
      await store.close();
    }
  }, 120_000);
});
