/**
 * bench:firmware — can the CPE file server stream firmware as fast as a bare static server, in
 * bounded memory? A 64 MiB random image is stored with DirectoryFileStore; the file server
 * (signed URLs, FileStore read streams, metrics) and the floor (bare node:http +
 * fs.createReadStream of the same file, same Range handling) each run alone in a child process,
 * driven in turn by the same load from this process: 50 concurrent clients, some with Range
 * requests, some reading slowly (see firmware/download-load.ts). Rounds alternate the order; the
 * median round counts. RSS growth is the file server's peak RSS over its RSS before the load,
 * worst round: a server that buffered files would grow by tens of MiB per client.
 *
 * Environment: BENCH_CLIENTS (50), BENCH_DURATION_MS (per server and round, 4000),
 * BENCH_WARMUP_MS (1000), BENCH_ROUNDS (3), BENCH_FILE_MIB (64).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DirectoryFileStore } from '@acs/firmware-data-access';
import { signedDownloadPath } from '@acs/firmware-domain';
import { driveDownloads } from './firmware/download-load';
import type { FromServer, ServerKind, ToServer } from './firmware/server-process';
import { median } from './gateway/report';
import { positiveIntegerEnv } from './support/env';

const CLIENTS = positiveIntegerEnv('BENCH_CLIENTS', 50);
const DURATION_MS = positiveIntegerEnv('BENCH_DURATION_MS', 4000);
const WARMUP_MS = positiveIntegerEnv('BENCH_WARMUP_MS', 1000);
const ROUNDS = positiveIntegerEnv('BENCH_ROUNDS', 3);
const FILE_MIB = positiveIntegerEnv('BENCH_FILE_MIB', 64);
const MIB = 1024 * 1024;
const FILE_ID = 'bench-image.bin';
const SECRET = randomBytes(24).toString('base64url');
const CHILD_TIMEOUT_MS = 30_000;

/** One server child process, spoken to over IPC. */
class ServerProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {}

  static start(kind: ServerKind, storeDir: string): Promise<ServerProcess> {
    const child = fork(
      join(import.meta.dirname, 'firmware/server-process.ts'),
      [kind, storeDir, FILE_ID, SECRET],
      { execArgv: process.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
    );
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill();
        reject(new Error(`${kind} did not start within ${CHILD_TIMEOUT_MS} ms`));
      }, CHILD_TIMEOUT_MS);
      child.once('exit', (code) => reject(new Error(`${kind} exited with ${code} at start`)));
      child.once('message', (message: FromServer) => {
        clearTimeout(timer);
        if (message.type === 'listening') resolve(new ServerProcess(child, message.port));
        else reject(new Error(`${kind} failed: ${JSON.stringify(message)}`));
      });
    });
  }

  mark(): void {
    this.child.send({ type: 'mark' } satisfies ToServer);
  }

  rss(): Promise<Extract<FromServer, { type: 'rss' }>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no RSS report')), CHILD_TIMEOUT_MS);
      this.child.once('message', (message: FromServer) => {
        clearTimeout(timer);
        if (message.type === 'rss') resolve(message);
        else reject(new Error(`expected an RSS report, got ${message.type}`));
      });
      this.child.send({ type: 'report' } satisfies ToServer);
    });
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.child.connected) return resolve();
      const timer = setTimeout(() => this.child.kill('SIGKILL'), CHILD_TIMEOUT_MS);
      this.child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      this.child.send({ type: 'stop' } satisfies ToServer);
    });
  }
}

async function writeRandomImage(path: string): Promise<void> {
  function* mebibytes(): Generator<Buffer> {
    for (let written = 0; written < FILE_MIB; written++) yield randomBytes(MIB);
  }
  await pipeline(Readable.from(mebibytes()), createWriteStream(path));
}

interface RoundFigures {
  mbPerSecond: number;
  rssGrowthMb: number;
  /** How much of the RSS peak was Buffer memory (mostly sent chunks not yet collected). */
  arrayBuffersAtPeakMb: number;
  failures: number;
}

async function measureRound(kind: ServerKind, storeDir: string): Promise<RoundFigures> {
  const server = await ServerProcess.start(kind, storeDir);
  const expiresAt = Math.floor(Date.now() / 1000) + 3600;
  const paths = Array.from({ length: CLIENTS }, (_, index) =>
    signedDownloadPath(
      { fileId: FILE_ID, deviceId: `BENCH-${index}`, expiresAt },
      { current: SECRET },
    ),
  );
  const load = {
    port: server.port,
    pathFor: (i: number) => paths[i] ?? '',
    fileSize: FILE_MIB * MIB,
    clients: CLIENTS,
  };
  try {
    server.mark();
    await driveDownloads({ ...load, durationMs: WARMUP_MS });
    const figures = await driveDownloads({ ...load, durationMs: DURATION_MS });
    const rss = await server.rss();
    return {
      mbPerSecond: figures.bytes / MIB / (DURATION_MS / 1000),
      rssGrowthMb: (rss.peakBytes - rss.baselineBytes) / MIB,
      arrayBuffersAtPeakMb: rss.arrayBuffersAtPeakBytes / MIB,
      failures: figures.failures,
    };
  } finally {
    await server.stop();
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-firmware-'));
  try {
    const image = join(dir, 'image.bin');
    await writeRandomImage(image);
    const store = new DirectoryFileStore(join(dir, 'store'));
    const stored = await store.put(FILE_ID, createReadStream(image));
    console.log(
      `image ${stored.size / MIB} MiB; ${CLIENTS} clients (1 in 5 reading slowly, 2 in 5 with a Range); ` +
        `${ROUNDS} alternating rounds x ${DURATION_MS} ms per server after ${WARMUP_MS} ms warm-up, median round`,
    );
    const rounds: Record<ServerKind, RoundFigures[]> = { fileserver: [], floor: [] };
    for (let round = 0; round < ROUNDS; round++) {
      const order: ServerKind[] =
        round % 2 === 0 ? ['fileserver', 'floor'] : ['floor', 'fileserver'];
      for (const kind of order) {
        const figures = await measureRound(kind, join(dir, 'store'));
        rounds[kind].push(figures);
        console.log(
          `round ${round + 1} ${kind}: ${figures.mbPerSecond.toFixed(0)} MB/s, ` +
            `RSS +${figures.rssGrowthMb.toFixed(1)} MB (Buffers at the peak ${figures.arrayBuffersAtPeakMb.toFixed(1)} MB), ` +
            `${figures.failures} failed requests`,
        );
      }
    }
    const served = median(rounds.fileserver.map((r) => r.mbPerSecond));
    const floor = median(rounds.floor.map((r) => r.mbPerSecond));
    console.log(
      `floor_rss_growth_mb ${Math.max(...rounds.floor.map((r) => r.rssGrowthMb)).toFixed(1)}`,
    );
    console.log(`fileserver_mb_per_s ${served.toFixed(0)}`);
    console.log(`floor_mb_per_s ${floor.toFixed(0)}`);
    console.log(`fileserver_ratio ${(served / floor).toFixed(2)}`);
    console.log(
      `fileserver_rss_growth_mb ${Math.max(...rounds.fileserver.map((r) => r.rssGrowthMb)).toFixed(1)}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
