/**
 * What bench:provisioning reads from Redis to tell which path provisioning took: the devices'
 * pending-work markers, the server's command counters, and (once, outside the measured rounds) a
 * MONITOR sample attributing every command to the process that sent it.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Redis } from 'ioredis';
import { deviceIdOf, REDIS_KEYS } from '@acs/contracts';
import { profileNamed } from '@acs/cpe-simulator';

const { oui, productClass } = profileNamed('tr181').identity;

export const deviceIdOfSerial = (serialNumber: string) =>
  deviceIdOf({ oui, productClass, serialNumber });

export interface MarkerCensus {
  /** Markers with `rev` and `due` set (left clean by a full evaluation), due in the future. */
  clean: number;
  /** Distinct revisions among the clean ones (one expected: the presets' current revision). */
  revisions: string[];
  devices: number;
}

/** The pending-work markers (`acs:{<deviceId>}:work`) of these devices. */
export async function markerCensus(redis: Redis, serials: string[]): Promise<MarkerCensus> {
  const pipeline = redis.pipeline();
  for (const serial of serials)
    pipeline.hmget(REDIS_KEYS.pendingWork(deviceIdOfSerial(serial)), 'v', 'rev', 'due');
  const results = (await pipeline.exec()) ?? [];
  const now = Date.now();
  const revisions = new Set<string>();
  let clean = 0;
  for (const [error, fields] of results) {
    if (error) throw error;
    const [, rev, due] = fields as (string | null)[];
    if (rev !== null && rev !== undefined && due !== null && Number(due) > now) {
      clean++;
      revisions.add(rev);
    }
  }
  return { clean, revisions: [...revisions], devices: serials.length };
}

/** Calls per command so far (INFO commandstats; commands run by scripts count too). */
export async function commandCounts(redis: Redis): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const match of (await redis.info('commandstats')).matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm))
    counts.set(match[1] as string, Number(match[2]));
  return counts;
}

export function countsBetween(
  before: Map<string, number>,
  after: Map<string, number>,
): Map<string, number> {
  return new Map([...after].map(([name, calls]) => [name, calls - (before.get(name) ?? 0)]));
}

/** Which local TCP port belongs to which of these processes (from /proc). */
function portOwners(processes: Record<string, number>): Map<number, string> {
  const inodeOwner = new Map<string, string>();
  for (const [name, pid] of Object.entries(processes)) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const link = readlinkSync(`/proc/${pid}/fd/${fd}`);
        const inode = /^socket:\[(\d+)\]$/.exec(link)?.[1];
        if (inode) inodeOwner.set(inode, name);
      } catch {
        // closed meanwhile
      }
    }
  }
  const owners = new Map<number, string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const local = fields[1];
      const inode = fields[9];
      if (!local || !inode) continue;
      const owner = inodeOwner.get(inode);
      if (owner) owners.set(parseInt(local.split(':')[1] ?? '', 16), owner);
    }
  }
  return owners;
}

export interface MonitorSample {
  /** Process name → command name → calls (top-level commands, as each client sent them). */
  byProcess: Map<string, Map<string, number>>;
}

/**
 * Records every command Redis receives while `during` runs (MONITOR: slows Redis, so never inside
 * a measured window), attributed to `processes` by the client's port.
 */
export async function monitorSample(
  redisUrl: string,
  processes: Record<string, number>,
  during: () => Promise<void>,
): Promise<MonitorSample> {
  // redis-cli rather than ioredis's monitor(), whose reply parsing broke under this load.
  const monitor = spawn('redis-cli', ['-u', redisUrl, 'monitor'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const seen: { port: number; command: string }[] = [];
  let listening!: () => void;
  const ready = new Promise<void>((resolve) => (listening = resolve));
  // `1795251632.269929 [0 127.0.0.1:54906] "get" "acs:{...}:provisioning"`; `OK` first.
  createInterface({ input: monitor.stdout }).on('line', (line) => {
    if (line === 'OK') listening();
    const match = /^\S+ \[\d+ [^\]]*:(\d+)\] "([^"]+)"/.exec(line);
    if (match) seen.push({ port: Number(match[1]), command: (match[2] ?? '').toLowerCase() });
  });
  await ready;
  const exited = new Promise((resolve) => monitor.once('exit', resolve));
  try {
    await during();
  } finally {
    monitor.kill('SIGTERM');
    await exited;
  }
  const owners = portOwners(processes);
  const byProcess = new Map<string, Map<string, number>>();
  for (const { port, command } of seen) {
    const owner = owners.get(port) ?? 'other';
    const commands = byProcess.get(owner) ?? new Map<string, number>();
    commands.set(command, (commands.get(command) ?? 0) + 1);
    byProcess.set(owner, commands);
  }
  return { byProcess };
}
