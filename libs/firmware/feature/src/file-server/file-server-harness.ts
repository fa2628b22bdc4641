// Test support: a file server over a scratch DirectoryFileStore, and a client that shows the
// raw answer (status, headers, body bytes).
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { Registry } from 'prom-client';
import { DirectoryFileStore, type ByteRange, type UploadRecords } from '@acs/firmware-data-access';
import { signedDownloadPath, type GrantSecrets } from '@acs/firmware-domain';
import { startFileServer, type FileServerConfig, type RunningFileServer } from './file-server';

export const SECRETS: GrantSecrets = { current: 'file-server-test-secret-1' };

/** A DirectoryFileStore that remembers each read stream it handed out, to watch the server. */
export class WatchedFileStore extends DirectoryFileStore {
  readonly reads: { stream: Readable; bytes: number }[] = [];

  override read(id: string, range?: ByteRange): Readable {
    const stream = super.read(id, range);
    const watched = { stream, bytes: 0 };
    stream.on('data', (chunk: Buffer) => (watched.bytes += chunk.length));
    this.reads.push(watched);
    return stream;
  }
}

export interface TestFileServer {
  readonly server: RunningFileServer;
  readonly files: WatchedFileStore;
  readonly registry: Registry;
  /** The store's directory on disk. */
  readonly directory: string;
  /** A signed path for `fileId` and device DEV-1, valid for an hour. */
  signedPath(fileId: string, deviceId?: string): string;
  stop(): Promise<void>;
}

export async function startTestFileServer(
  options: Partial<Pick<FileServerConfig, 'tls' | 'now'>> & {
    uploads?: { records: UploadRecords; maxBytes: number };
  } = {},
): Promise<TestFileServer> {
  const dir = mkdtempSync(join(tmpdir(), 'file-server-'));
  const files = new WatchedFileStore(dir);
  const registry = new Registry();
  const now = options.now ?? (() => new Date());
  const server = await startFileServer({
    port: 0,
    host: '127.0.0.1',
    secrets: SECRETS,
    files,
    registry,
    ...options,
  });
  return {
    server,
    files,
    registry,
    directory: dir,
    signedPath: (fileId, deviceId = 'DEV-1') =>
      signedDownloadPath(
        { fileId, deviceId, expiresAt: Math.floor(now().getTime() / 1000) + 3600 },
        SECRETS,
      ),
    async stop() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface RawRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
  /** The CA to trust for HTTPS. */
  ca?: string | Buffer;
}

/** Sends one request with the path exactly as given (no normalisation) and reads the answer. */
export function fetchRaw(
  origin: string,
  path: string,
  options: RawRequest = {},
): Promise<RawAnswer> {
  const url = new URL(origin);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const request = send(
      {
        host: url.hostname,
        port: url.port,
        path,
        method: options.method ?? 'GET',
        headers: options.headers,
        agent: false,
        ...(options.ca ? { ca: options.ca } : {}),
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks),
          }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}

/** The value of a counter or gauge series in the registry (0 when it has none yet). */
export async function metricValue(
  registry: Registry,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const metric = registry.getSingleMetric(name);
  if (!metric) throw new Error(`no metric ${name}`);
  const { values } = await metric.get();
  const series = values.find((value) =>
    Object.entries(labels).every(([key, wanted]) => value.labels[key] === wanted),
  );
  return series?.value ?? 0;
}
