/**
 * The load generator of bench:firmware: `clients` concurrent downloaders, each fetching again as
 * soon as a download ends, until the deadline. One in five reads slowly (a CPE on a thin line:
 * it pauses its socket between chunks to hold `SLOW_READER_BYTES_PER_S`), two in five ask for a
 * Range (a resumed download: a random start, to the end or for a few MiB, or a suffix), the
 * rest fetch the whole file. Both servers get the same mix from the same seedless rotation.
 */
import { Agent, get, type ClientRequest } from 'node:http';

const MIB = 1024 * 1024;
const SLOW_READER_BYTES_PER_S = 1 * MIB;

export type ClientKind = 'whole' | 'range' | 'slow';

function clientKind(index: number): ClientKind {
  const slot = index % 5;
  return slot === 0 ? 'slow' : slot <= 2 ? 'range' : 'whole';
}

export interface DownloadLoad {
  port: number;
  /** The path (with query) client `index` fetches. */
  pathFor(index: number): string;
  fileSize: number;
  clients: number;
  durationMs: number;
}

export interface LoadFigures {
  /** Body bytes received before the deadline: divide by durationMs for the rate. */
  bytes: number;
  downloads: number;
  failures: number;
}

function rangeHeader(attempt: number, size: number): string {
  const start = Math.floor(Math.random() * (size - MIB));
  switch (attempt % 3) {
    case 0:
      return `bytes=${start}-`;
    case 1:
      return `bytes=${start}-${Math.min(size - 1, start + 4 * MIB - 1)}`;
    default:
      return `bytes=-${8 * MIB}`;
  }
}

/** Runs the load for durationMs; counts the body bytes all clients received in that time. */
export async function driveDownloads(load: DownloadLoad): Promise<LoadFigures> {
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
  const deadline = performance.now() + load.durationMs;
  const live = new Set<ClientRequest>();
  const figures = { bytes: 0, downloads: 0, failures: 0 };

  const fetchOnce = (index: number, attempt: number): Promise<void> =>
    new Promise((resolve) => {
      const kind = clientKind(index);
      const headers = kind === 'range' ? { Range: rangeHeader(attempt, load.fileSize) } : undefined;
      const request = get(
        { port: load.port, host: '127.0.0.1', path: load.pathFor(index), headers, agent },
        (response) => {
          if (response.statusCode !== 200 && response.statusCode !== 206) figures.failures++;
          response.on('data', (chunk: Buffer) => {
            if (performance.now() <= deadline) figures.bytes += chunk.length;
            if (kind !== 'slow') return;
            response.pause();
            const delayMs = (chunk.length / SLOW_READER_BYTES_PER_S) * 1000;
            setTimeout(() => response.resume(), delayMs);
          });
          response.on('end', () => {
            figures.downloads++;
            resolve();
          });
          response.on('error', () => resolve());
        },
      );
      live.add(request);
      request.on('close', () => {
        live.delete(request);
        resolve();
      });
      request.on('error', () => {
        if (performance.now() < deadline) figures.failures++;
        resolve();
      });
    });

  const client = async (index: number): Promise<void> => {
    for (let attempt = 0; performance.now() < deadline; attempt++) await fetchOnce(index, attempt);
  };
  const stopAtDeadline = setTimeout(() => {
    for (const request of live) request.destroy();
  }, load.durationMs);
  await Promise.all(Array.from({ length: load.clients }, (_, index) => client(index)));
  clearTimeout(stopAtDeadline);
  agent.destroy();
  return figures;
}
