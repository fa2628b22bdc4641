/**
 * bench:gateway runs each server (gateway pod, floor, stand-in orchestrator) in a child process of
 * its own, so that its CPU time and memory are its own and it shares no event loop with the load
 * generator. This is the small request/reply protocol over the IPC channel between them.
 */
import { ChildProcess, fork } from 'child_process';

/** A child's API: named calls taking one structured-cloneable argument. */
export type ChildApi = Record<string, (params: never) => unknown>;

interface CallMessage {
  id: number;
  method: string;
  params: unknown;
}

type ReplyMessage =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: string };

/** What every child reports about itself: CPU time so far and memory now. */
export interface ProcessUsage {
  /** User + system CPU time since the child started, in microseconds. */
  cpuUs: number;
  rssBytes: number;
  heapUsedBytes: number;
  heapTotalBytes: number;
}

export function processUsage(): ProcessUsage {
  const { user, system } = process.cpuUsage();
  const memory = process.memoryUsage();
  return {
    cpuUs: user + system,
    rssBytes: memory.rss,
    heapUsedBytes: memory.heapUsed,
    heapTotalBytes: memory.heapTotal,
  };
}

const CALL_TIMEOUT_MS = 60_000;
/** A child's own deadline for cleaning up; the parent SIGKILLs it a little later. */
const SHUTDOWN_DEADLINE_MS = 10_000;
const STOP_GRACE_MS = 15_000;

/** The parent's side: forks `entry` and calls its API. */
export class ChildHandle<Api extends ChildApi> {
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (error: Error) => void }
  >();
  private exited = false;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {
    child.on('message', (message: ReplyMessage) => {
      const waiter = this.pending.get(message.id);
      if (!waiter) return;
      this.pending.delete(message.id);
      if (message.ok) waiter.resolve(message.value);
      else waiter.reject(new Error(`${name}: ${message.error}`));
    });
    child.once('exit', (code, signal) => {
      this.exited = true;
      const error = new Error(`${name} exited (${signal ?? code})`);
      for (const waiter of this.pending.values()) waiter.reject(error);
      this.pending.clear();
    });
  }

  /**
   * Forks `entry` under the same loader as this process (none for a built `.js` entry), plus
   * `extraExecArgv` (e.g. --cpu-prof).
   */
  static fork<Api extends ChildApi>(
    name: string,
    entry: string,
    extraExecArgv: string[] = [],
  ): ChildHandle<Api> {
    const loader = entry.endsWith('.ts') ? process.execArgv : [];
    const child = fork(entry, [], {
      execArgv: [...loader, ...extraExecArgv],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new ChildHandle<Api>(name, child);
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  call<K extends keyof Api & string>(
    method: K,
    ...params: Parameters<Api[K]> extends [] ? [] : [Parameters<Api[K]>[0]]
  ): Promise<Awaited<ReturnType<Api[K]>>> {
    if (this.exited) return Promise.reject(new Error(`${this.name} has exited`));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${this.name}: no reply to ${method} within ${CALL_TIMEOUT_MS} ms`));
      }, CALL_TIMEOUT_MS);
      this.pending.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value as Awaited<ReturnType<Api[K]>>);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this.child.send({ id, method, params: params[0] } satisfies CallMessage);
    });
  }

  /** Asks the child to clean up and exit; SIGKILLs it if it has not within the grace period. */
  async stop(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    const killer = setTimeout(() => this.child.kill('SIGKILL'), STOP_GRACE_MS);
    if (this.child.connected)
      this.child.disconnect(); // the child stops when its channel closes
    else this.child.kill('SIGTERM');
    await exited;
    clearTimeout(killer);
  }
}

/**
 * The child's side: answers calls from the parent with `api`, and runs `shutdown` then exits when
 * the parent disconnects (stop() above, or the parent dying), so no child outlives the bench.
 */
export function serveParent(api: ChildApi, shutdown: () => Promise<void>): void {
  if (!process.send)
    throw new Error('this script runs as a child of bench:gateway (no IPC channel)');
  process.on('message', (message: CallMessage) => {
    const method = api[message.method];
    const reply = (result: ReplyMessage) => process.send?.(result);
    if (!method) {
      reply({ id: message.id, ok: false, error: `no method ${message.method}` });
      return;
    }
    Promise.resolve()
      .then(() => (method as (params: unknown) => unknown)(message.params))
      .then(
        (value) => reply({ id: message.id, ok: true, value }),
        (error: unknown) =>
          reply({
            id: message.id,
            ok: false,
            error: error instanceof Error ? (error.stack ?? error.message) : String(error),
          }),
      );
  });
  process.once('disconnect', () => {
    // A parent that died took Redis and Kafka with it: a shutdown waiting on them must not hang.
    setTimeout(() => process.exit(1), SHUTDOWN_DEADLINE_MS).unref();
    shutdown()
      .catch((error: unknown) => process.stderr.write(`shutdown failed: ${String(error)}\n`))
      // process.exit (not a natural exit) so that --cpu-prof still writes its profile.
      .finally(() => process.exit(0));
  });
}
