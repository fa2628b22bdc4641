import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { isProcessRunning, OutputTail, spawnTracked, stopChild } from '../child-processes';
import { freeLoopbackPort } from '../free-port';
import { buildNative } from '../native-build';
import type { MongoServerInfo } from './explicit-server';
import { ferretDbBinary } from './ferretdb-build';

export interface FerretDbOptions {
  /** FerretDB version (Go module proxy). Default ACS_TEST_FERRETDB_VERSION or 1.24.2. */
  version?: string;
  /** How long the started server may take to listen (the build before it is not counted). Default 30 s. */
  startTimeoutMs?: number;
}

export interface FerretDbServer {
  readonly info: MongoServerInfo;
  readonly uri: string;
  readonly port: number;
  readonly pid: number;
  /** The temp dir holding the SQLite files and FerretDB's state: removed by stop(). */
  readonly dir: string;
  stop(): Promise<void>;
}

/**
 * Update statements a command may carry against this server: FerretDB 1.24 (SQLite) holds a
 * backend connection per update statement until the command ends, out of a pool of 100, and a
 * command of 100 updates of existing documents waits forever (see docs/architecture.md).
 */
export const FERRETDB_WRITES_PER_COMMAND = 50;

const HOST = '127.0.0.1';
/** `acs-ferretdb-<pid of the process that started it>-<random>` in the temp dir. */
const DIR_PREFIX = 'acs-ferretdb-';
const PORT_ATTEMPTS = 5;
const LISTENING = /Listening on TCP/;

const DIE_WITH_PARENT = {
  name: 'die-with-parent',
  libs: [],
  installHint: 'a C compiler and libc headers are needed: apt-get install -y gcc libc6-dev',
};

class PortTaken extends Error {}

/**
 * Starts a throw-away FerretDB on a free loopback port with the SQLite backend (one file per
 * database in a temp dir, removed on stop; see docs/architecture.md for why SQLite and not
 * PostgreSQL). Telemetry and the debug HTTP listener are off. The server dies with this process
 * even on SIGKILL (die-with-parent).
 */
export async function startFerretDb(options: FerretDbOptions = {}): Promise<FerretDbServer> {
  const timeoutMs = options.startTimeoutMs ?? 30_000;
  const [binary, wrapper] = await Promise.all([
    ferretDbBinary(options.version),
    buildNative(DIE_WITH_PARENT),
  ]);
  await removeDirsOfDeadOwners();
  const dir = await mkdtemp(join(tmpdir(), `${DIR_PREFIX}${process.pid}-`));
  try {
    await mkdir(join(dir, 'data'));
    for (let attempt = 1; ; attempt++) {
      const port = await freeLoopbackPort();
      try {
        return await launch(wrapper, binary.path, binary.version, port, dir, timeoutMs);
      } catch (error) {
        if (!(error instanceof PortTaken) || attempt >= PORT_ATTEMPTS) throw error;
      }
    }
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

async function launch(
  wrapper: string,
  binary: string,
  version: string,
  port: number,
  dir: string,
  timeoutMs: number,
): Promise<FerretDbServer> {
  const args = [
    '--handler=sqlite',
    // Throw-away data: no fsync. WAL and the busy timeout are FerretDB's defaults.
    `--sqlite-url=file:${join(dir, 'data')}/?_pragma=synchronous(off)`,
    `--listen-addr=${HOST}:${port}`,
    // Off unless asked for (metrics and Go's pprof, to see where a benchmark's server time goes):
    // its default 127.0.0.1:8088 would collide between two servers on one machine.
    `--debug-addr=${process.env['ACS_TEST_FERRETDB_DEBUG_ADDR'] || '-'}`,
    '--telemetry=disable',
    `--state-dir=${dir}`,
    '--log-format=json',
    // INFO carries the "Listening on TCP" line the start waits for.
    '--log-level=info',
  ];
  // FerretDB reads FERRETDB_* variables as flags: none of the caller's may change this server.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('FERRETDB_')),
  );
  const child = spawnTracked('ferretdb', () =>
    spawn(wrapper, [String(process.pid), binary, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env,
      cwd: dir,
    }),
  );
  const tail = new OutputTail();
  // Read both streams for the server's whole life, so a full pipe never blocks its logging.
  const stdout = createInterface({ input: child.stdout });
  const stderr = createInterface({ input: child.stderr });
  stdout.on('line', (line) => tail.push(line));
  stderr.on('line', (line) => tail.push(line));

  const stop = (): Promise<void> => stopChild(child, () => child.kill('SIGTERM'));
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`ferretdb not listening after ${timeoutMs} ms:\n${tail}`)),
        timeoutMs,
      );
      const onLine = (line: string) => {
        if (LISTENING.test(line)) {
          clearTimeout(timer);
          resolve();
        }
      };
      stdout.on('line', onLine);
      stderr.on('line', onLine);
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        const output = tail.toString();
        if (output.includes('address already in use')) reject(new PortTaken(output));
        else reject(new Error(`ferretdb exited (${signal ?? code}) on start:\n${output}`));
      });
    });
  } catch (error) {
    await stop();
    throw error;
  }

  const uri = `mongodb://${HOST}:${port}/`;
  return {
    info: { uri, description: `mongo: ferretdb ${version} (sqlite backend) at ${HOST}:${port}` },
    uri,
    port,
    pid: child.pid ?? -1,
    dir,
    stop: async () => {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A server whose starter was killed (SIGKILL: no stop() ran) died with it, but its temp dir
 * stayed: the next start removes those whose starting process is gone.
 */
async function removeDirsOfDeadOwners(): Promise<void> {
  const owned = new RegExp(`^${DIR_PREFIX}(\\d+)-`);
  for (const name of await readdir(tmpdir()).catch(() => [])) {
    const owner = owned.exec(name)?.[1];
    if (owner && !isProcessRunning(Number(owner))) {
      await rm(join(tmpdir(), name), { recursive: true, force: true });
    }
  }
}
