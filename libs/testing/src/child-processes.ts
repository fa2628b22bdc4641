import { ChildProcess } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * The real process object. In a jest test file the global `process` is a copy whose events never
 * fire, so an 'exit' hook registered on it would be dead code. Core modules live outside the
 * test's VM context, so the Function constructor of one of their classes evaluates `process`
 * in the host realm. Outside jest this is simply the global process.
 */
function hostProcess(): NodeJS.Process {
  const HostFunction = ChildProcess.constructor as FunctionConstructor;
  return (new HostFunction('return process') as () => NodeJS.Process)();
}

/**
 * Children still running, SIGKILLed
 * - on process 'exit': a test file whose afterAll never ran, a jest worker calling process.exit;
 * - on IPC 'disconnect': the jest main process died (SIGINT, SIGTERM, SIGKILL) and left this
 *   worker orphaned; the worker would otherwise go on running its test file, services and all.
 * Deaths by signal run no hook at all; those are covered by the children themselves
 * (PR_SET_PDEATHSIG in the native helpers, stdin EOF for the Kafka launcher).
 * The hooks are removed again once no child runs, so test files do not pile up listeners.
 */
const running = new Set<ChildProcess>();
const host = hostProcess();

function killAllRunning(): void {
  for (const child of running) child.kill('SIGKILL');
}

/**
 * Runs `spawn` (a thunk around child_process.spawn) and tracks the child. Refuses to start
 * anything in a jest worker whose parent is gone: its hooks have already fired.
 */
export function spawnTracked<T extends ChildProcess>(what: string, spawn: () => T): T {
  if (host.connected === false) {
    throw new Error(`Not starting ${what}: this process lost its parent (IPC disconnected)`);
  }
  const child = spawn();
  if (running.size === 0) {
    host.on('exit', killAllRunning);
    host.on('disconnect', killAllRunning);
  }
  running.add(child);
  child.once('exit', () => {
    running.delete(child);
    if (running.size === 0) {
      host.off('exit', killAllRunning);
      host.off('disconnect', killAllRunning);
    }
  });
  return child;
}

export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/**
 * Asks a child to stop (`request`), SIGKILLs it after `graceMs`, and resolves once it has exited
 * (and been reaped, so its PID is really gone).
 */
export async function stopChild(
  child: ChildProcess,
  request: () => void,
  graceMs = 5_000,
): Promise<void> {
  if (hasExited(child)) return closeStreams(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  request();
  const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  try {
    await exited;
  } finally {
    clearTimeout(killer);
    closeStreams(child);
  }
}

/** A grandchild may still hold the other end of a pipe: close ours, or the test runner never exits. */
function closeStreams(child: ChildProcess): void {
  for (const stream of [child.stdin, child.stdout, child.stderr]) stream?.destroy();
}

/**
 * Whether `pid` names a live process. Reads /proc because a killed grandchild may linger as a
 * zombie when the container's PID 1 does not reap orphans, and `kill(pid, 0)` succeeds on those.
 */
export function isProcessRunning(pid: number): boolean {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return false;
  }
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  return state !== 'Z' && state !== 'X';
}

/** Resolves a command the way execvp would, to fail early with an install hint. */
export function findExecutable(command: string): string | undefined {
  const candidates = command.includes('/')
    ? [command]
    : (process.env['PATH'] ?? '').split(delimiter).map((dir) => join(dir, command));
  return candidates.find((file) => {
    try {
      accessSync(file, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Keeps the last lines a child wrote, for error messages. */
export class OutputTail {
  private readonly lines: string[] = [];
  constructor(private readonly max = 40) {}

  push(line: string): void {
    this.lines.push(line);
    if (this.lines.length > this.max) this.lines.shift();
  }

  toString(): string {
    return this.lines.join('\n');
  }
}
