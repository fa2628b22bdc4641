import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import type { FileStore, UploadRecords } from '@acs/firmware-data-access';
import { assertGrantSecrets, type GrantSecrets } from '@acs/firmware-domain';
import { answer, deny, type FileServerContext } from './file-server-context';
import { FileServerMetrics } from './file-server-metrics';
import { receiveUpload } from './receive-upload';
import { parseRequestTarget } from './request-target';
import { serveDownload } from './serve-download';

export interface FileServerConfig {
  /** 0 picks a free port (see RunningFileServer.port). */
  readonly port: number;
  /** Defaults to every interface. */
  readonly host?: string;
  /** PEM certificate and key: HTTPS when given, plain HTTP otherwise. */
  readonly tls?: { readonly cert: string | Buffer; readonly key: string | Buffer };
  /** The keys download URLs and upload credentials are signed with (see @acs/firmware-domain). */
  readonly secrets: GrantSecrets;
  readonly files: FileStore;
  /** Where CPE uploads are recorded, and how large one may be; without it /uploads/ is 404. */
  readonly uploads?: { readonly records: UploadRecords; readonly maxBytes: number };
  readonly registry: Registry;
  /**
   * A connection idle this long (a CPE that stopped reading or sending) is closed. 120 s by
   * default: long enough for a CPE busy flashing to come back to its socket.
   */
  readonly idleTimeoutMs?: number;
  /** The clock grants expire by. */
  readonly now?: () => Date;
}

export interface RunningFileServer {
  /** `http(s)://host:port`, the origin to put before signed paths. */
  readonly origin: string;
  readonly port: number;
  /**
   * Stops accepting, ends idle connections, lets transfers under way finish for `graceMs`
   * (10 s by default), then cuts the rest.
   */
  close(graceMs?: number): Promise<void>;
}

const DEFAULT_IDLE_TIMEOUT_MS = 120_000;
const DEFAULT_CLOSE_GRACE_MS = 10_000;

type Handler = (
  request: IncomingMessage,
  response: ServerResponse,
  expectsContinue: boolean,
) => void;

function handlerFor(context: FileServerContext): Handler {
  return (request, response, expectsContinue) => {
    response.once('close', () => context.metrics.answered(request.method, response.statusCode));
    const target = parseRequestTarget(request.url ?? '');
    let work: Promise<void> | undefined;
    if (target.kind === 'invalid') deny(context, response, 'path', {}, expectsContinue);
    else if (target.kind === 'unknown') answer(response, 404, {}, expectsContinue);
    else if (target.kind === 'file') {
      if (request.method === 'GET' || request.method === 'HEAD')
        work = serveDownload(context, request, response, target.fileId, target.query);
      else answer(response, 405, { Allow: 'GET, HEAD' }, true);
    } else if (request.method === 'PUT' || request.method === 'POST')
      work = receiveUpload(
        context,
        request,
        response,
        target.uploadId,
        target.query,
        expectsContinue,
      );
    else answer(response, 405, { Allow: 'PUT, POST' }, true);
    work?.catch((error: unknown) => {
      // A store failure: nothing a CPE did. Headers may be out already; then only a cut is left.
      if (response.headersSent) response.destroy(error instanceof Error ? error : undefined);
      else answer(response, 500, {}, true);
    });
  };
}

/** Starts the CPE-facing file server: signed downloads from the FileStore, and CPE uploads. */
export async function startFileServer(config: FileServerConfig): Promise<RunningFileServer> {
  assertGrantSecrets(config.secrets);
  const context: FileServerContext = {
    files: config.files,
    secrets: config.secrets,
    uploads: config.uploads,
    metrics: new FileServerMetrics(config.registry),
    now: config.now ?? (() => new Date()),
  };
  const handle = handlerFor(context);
  const server: Server = config.tls
    ? createHttpsServer({ cert: config.tls.cert, key: config.tls.key })
    : createHttpServer();
  server.on('request', (request: IncomingMessage, response: ServerResponse) =>
    handle(request, response, false),
  );
  // Without this listener Node answers 100 Continue itself, before the credentials are checked.
  server.on('checkContinue', (request: IncomingMessage, response: ServerResponse) =>
    handle(request, response, true),
  );
  server.timeout = config.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host ?? '127.0.0.1';
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    origin: `${config.tls ? 'https' : 'http'}://${shownHost}:${port}`,
    port,
    close: (graceMs = DEFAULT_CLOSE_GRACE_MS) =>
      new Promise<void>((resolve, reject) => {
        // A stalled CPE would hold close() until its idle timeout: after the grace it is cut
        // (it resumes later with a Range).
        const cut = setTimeout(() => server.closeAllConnections(), graceMs);
        server.close((error) => {
          clearTimeout(cut);
          if (error) reject(error);
          else resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
