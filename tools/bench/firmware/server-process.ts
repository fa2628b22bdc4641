/**
 * Child process entry of bench:firmware: runs one server so that it has a heap and RSS of its
 * own to measure. argv: kind (`fileserver` or `floor`), the DirectoryFileStore directory, the
 * grant secret. The floor is a bare node:http static server: fs.createReadStream of the same
 * file with the same Range handling, no grant check, no store, no metrics.
 * IPC: `{ type: 'mark' }` starts RSS sampling afresh, `{ type: 'report' }` answers baseline and
 * peak RSS since the mark, `{ type: 'stop' }` closes and exits.
 */
import { createReadStream } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pipeline } from 'node:stream';
import { Registry } from 'prom-client';
import { DirectoryFileStore } from '@acs/firmware-data-access';
import { resolveByteRange, startFileServer } from '@acs/firmware';

export const SERVER_KINDS = ['fileserver', 'floor'] as const;
export type ServerKind = (typeof SERVER_KINDS)[number];

export type ToServer = { type: 'mark' } | { type: 'report' } | { type: 'stop' };
export type FromServer =
  | { type: 'listening'; port: number }
  | {
      type: 'rss';
      baselineBytes: number;
      peakBytes: number;
      /** Buffer memory (ArrayBuffers, outside the JS heap) at the RSS peak. */
      arrayBuffersAtPeakBytes: number;
    }
  | { type: 'failed'; message: string };

const RSS_SAMPLE_MS = 20;

function send(message: FromServer): void {
  process.send?.(message);
}

interface Running {
  port: number;
  close(): Promise<void>;
}

async function startFloor(directory: string, fileId: string, size: number): Promise<Running> {
  const path = join(directory, 'content', fileId);
  const server = createServer((request, response) => {
    const wanted = resolveByteRange(request.headers.range, size);
    if (wanted.kind === 'unsatisfiable') {
      response.writeHead(416, { 'Content-Range': `bytes */${size}`, 'Content-Length': '0' });
      response.end();
      return;
    }
    const range = wanted.kind === 'partial' ? wanted.range : undefined;
    response.writeHead(range ? 206 : 200, {
      'Content-Type': 'application/octet-stream',
      'Content-Length': String(range ? range.end - range.start + 1 : size),
      ...(range ? { 'Content-Range': `bytes ${range.start}-${range.end}/${size}` } : {}),
    });
    pipeline(createReadStream(path, range ?? {}), response, () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function main(): Promise<void> {
  const [kind, directory, fileId, secret] = process.argv.slice(2);
  if (!SERVER_KINDS.includes(kind as ServerKind) || !directory || !fileId || !secret)
    throw new Error('usage: server-process.ts <fileserver|floor> <store dir> <file id> <secret>');
  const files = new DirectoryFileStore(directory);
  const stored = await files.stat(fileId);
  if (!stored) throw new Error(`no file ${fileId} in ${directory}`);
  const server: Running =
    kind === 'floor'
      ? await startFloor(directory, fileId, stored.size)
      : await startFileServer({
          port: 0,
          host: '127.0.0.1',
          secrets: { current: secret },
          files,
          registry: new Registry(),
        });

  let baseline = process.memoryUsage.rss();
  let peak = baseline;
  let arrayBuffersAtPeak = 0;
  const sample = (): void => {
    const usage = process.memoryUsage();
    if (usage.rss <= peak) return;
    peak = usage.rss;
    arrayBuffersAtPeak = usage.arrayBuffers;
  };
  setInterval(sample, RSS_SAMPLE_MS).unref();
  process.on('message', (message: ToServer) => {
    if (message.type === 'mark') {
      baseline = process.memoryUsage.rss();
      peak = baseline;
      arrayBuffersAtPeak = 0;
    } else if (message.type === 'report') {
      sample();
      send({
        type: 'rss',
        baselineBytes: baseline,
        peakBytes: peak,
        arrayBuffersAtPeakBytes: arrayBuffersAtPeak,
      });
    } else void server.close().finally(() => process.exit(0));
  });
  // The parent going away (crash, Ctrl-C) must not leave this server behind.
  process.on('disconnect', () => process.exit(0));
  send({ type: 'listening', port: server.port });
}

main().catch((error: unknown) => {
  send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  process.exit(1);
});
