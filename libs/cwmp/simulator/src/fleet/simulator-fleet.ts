import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import type { AdmittedSessions, SimulatorOptions } from '../runtime/simulator';
import { mergeTallies, StatsSnapshot } from '../runtime/stats';
import type { ShardCall, ShardFigures, ShardReply } from './shard-messages';
import { shardOptions } from './shards';

/** A fleet's statistics merged over its processes, and their RSS summed. */
export interface FleetStats {
  stats: StatsSnapshot;
  rssBytes: number;
  processes: number;
}

/** Built (dist/apps/cpe-sim), the shard is JavaScript beside this module and needs no loader. */
const BUILT = import.meta.filename.endsWith('.js');
const ENTRY = join(import.meta.dirname, BUILT ? 'shard-process.js' : 'shard-process.ts');
/** The workspace root: the TypeScript loader finds tsconfig.json (the @acs/* paths) there. */
const ROOT = join(import.meta.dirname, '..', '..', '..', '..', '..');
const STOP_GRACE_MS = 15_000;

type ShardRequest = ShardCall extends infer Call
  ? Call extends { id: number }
    ? Omit<Call, 'id'>
    : never
  : never;

/** One simulator process of the fleet and its calls in flight. */
class Shard {
  private nextId = 1;
  private readonly waiting = new Map<number, (reply: ShardReply) => void>();
  private readonly exited: Promise<void>;

  constructor(private readonly child: ChildProcess) {
    child.on('message', (reply: ShardReply) => {
      this.waiting.get(reply.id)?.(reply);
      this.waiting.delete(reply.id);
    });
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        for (const [id, waiter] of this.waiting)
          waiter({ id, ok: false, error: `simulator process exited (${signal ?? code})` });
        this.waiting.clear();
        resolve();
      }),
    );
  }

  call(request: ShardRequest): Promise<ShardFigures> {
    if (!this.child.connected) return Promise.reject(new Error('simulator process has exited'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, (reply) =>
        reply.ok ? resolve(reply.figures) : reject(new Error(reply.error)),
      );
      this.child.send({ ...request, id } as ShardCall);
    });
  }

  /** Closes the channel (the process stops its devices and exits), SIGKILL if it hangs. */
  async close(): Promise<void> {
    const killer = setTimeout(() => this.child.kill('SIGKILL'), STOP_GRACE_MS);
    if (this.child.connected) this.child.disconnect();
    await this.exited;
    clearTimeout(killer);
  }
}

/**
 * A simulator spread over child processes, each a Simulator with its own share of the devices
 * (distinct ordinals, its own connection-request ports: see shardOptions), so that a fleet uses
 * every core, where one process's event loop would hold it to one. Statistics are merged over
 * the processes (mergeTallies) and their RSS summed. The options cross a process boundary
 * (structured clone): quirks by ordinal and retryDelayMs, functions, cannot be given.
 */
export class SimulatorFleet {
  private constructor(private readonly shards: Shard[]) {}

  static async start(options: SimulatorOptions, processes: number): Promise<SimulatorFleet> {
    if (typeof options.quirks === 'function' || options.retryDelayMs)
      throw new TypeError('a fleet cannot take functions in its options (quirks, retryDelayMs)');
    const shards = shardOptions(options, processes).map(
      (shard) =>
        [
          shard,
          new Shard(
            fork(ENTRY, [], {
              cwd: ROOT,
              execArgv: BUILT ? [] : ['--import', '@swc-node/register/esm-register'],
              serialization: 'advanced', // TLS options may hold Buffers
              stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
            }),
          ),
        ] as const,
    );
    const fleet = new SimulatorFleet(shards.map(([, shard]) => shard));
    try {
      await Promise.all(
        shards.map(([shardOptions, shard]) => shard.call({ call: 'start', options: shardOptions })),
      );
    } catch (error) {
      await fleet.close();
      throw error;
    }
    return fleet;
  }

  /** Statistics so far, merged over the processes. */
  async stats(): Promise<FleetStats> {
    return merged(await Promise.all(this.shards.map((shard) => shard.call({ call: 'tally' }))));
  }

  /** What the processes' simulators kept of admitted sessions (recordAdmitted), together. */
  async admitted(): Promise<AdmittedSessions> {
    const replies = await Promise.all(this.shards.map((shard) => shard.call({ call: 'admitted' })));
    return {
      bootsFrom: Math.min(...replies.map((reply) => reply.admitted?.bootsFrom ?? Date.now())),
      firstAcknowledged: replies.flatMap((reply) => reply.admitted?.firstAcknowledged ?? []),
      durationsMs: replies.flatMap((reply) => reply.admitted?.durationsMs ?? []),
    };
  }

  /** Stops every device (running sessions finish) and the processes; the final statistics. */
  async stop(): Promise<FleetStats> {
    try {
      return merged(await Promise.all(this.shards.map((shard) => shard.call({ call: 'stop' }))));
    } finally {
      await this.close();
    }
  }

  private async close(): Promise<void> {
    await Promise.all(this.shards.map((shard) => shard.close()));
  }
}

function merged(figures: ShardFigures[]): FleetStats {
  return {
    stats: mergeTallies(figures.map((shard) => shard.tally)),
    rssBytes: figures.reduce((total, shard) => total + shard.rssBytes, 0),
    processes: figures.length,
  };
}
