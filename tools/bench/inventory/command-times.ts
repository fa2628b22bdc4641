/**
 * Where the Mongo store's time goes: every command the driver sends, timed from its start to
 * the server's answer (the driver's command monitoring), summed per collection and command.
 */
import type { Connection } from 'mongoose';

interface Started {
  requestId: number;
  commandName: string;
  command: Record<string, unknown>;
}

interface Finished {
  requestId: number;
  duration: number;
}

export interface CommandTotal {
  key: string;
  count: number;
  ms: number;
}

const IGNORED = new Set(['hello', 'isMaster', 'ping', 'endSessions', 'buildInfo']);

/** BENCH_SLOW_MS=n prints every command slower than n ms to stderr, to find where time goes. */
const SLOW_MS = Number(process.env['BENCH_SLOW_MS'] ?? 'Infinity');

export class CommandTimes {
  private readonly pending = new Map<number, string>();
  private readonly texts = new Map<number, string>();
  private totals = new Map<string, CommandTotal>();
  private readonly onStarted = (event: Started) => {
    if (IGNORED.has(event.commandName)) return;
    const collection = event.command[event.commandName];
    const key = `${typeof collection === 'string' ? collection : '-'} ${event.commandName}`;
    this.pending.set(event.requestId, key);
    this.startedAt.set(event.requestId, Date.now());
    if (Number.isFinite(SLOW_MS))
      this.texts.set(event.requestId, JSON.stringify(event.command).slice(0, 300));
  };
  private readonly onFinished = (event: Finished) => {
    const key = this.pending.get(event.requestId);
    if (key === undefined) return;
    this.pending.delete(event.requestId);
    this.startedAt.delete(event.requestId);
    const text = this.texts.get(event.requestId);
    this.texts.delete(event.requestId);
    if (event.duration > SLOW_MS)
      process.stderr.write(`\nslow ${Math.round(event.duration)} ms: ${text}\n`);
    const total = this.totals.get(key) ?? { key, count: 0, ms: 0 };
    total.count++;
    total.ms += event.duration;
    this.totals.set(key, total);
  };

  private readonly startedAt = new Map<number, number>();
  private readonly watchdog = setInterval(() => {
    for (const [id, at] of this.startedAt)
      if (Date.now() - at > 20_000)
        process.stderr.write(`\nPENDING ${id} ${Date.now() - at} ms: ${this.texts.get(id)}\n`);
  }, 10_000);

  constructor(private readonly connection: Connection) {
    this.watchdog.unref();
    const client = connection.getClient();
    client.on('commandStarted', this.onStarted);
    client.on('commandSucceeded', this.onFinished);
    client.on('commandFailed', this.onFinished);
  }

  /** The totals since the last take, largest first; starts counting afresh. */
  take(): CommandTotal[] {
    const totals = [...this.totals.values()].sort((a, b) => b.ms - a.ms);
    this.totals = new Map();
    return totals;
  }

  stop(): void {
    const client = this.connection.getClient();
    client.off('commandStarted', this.onStarted);
    client.off('commandSucceeded', this.onFinished);
    client.off('commandFailed', this.onFinished);
  }
}
