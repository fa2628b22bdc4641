import type { ServerResponse } from 'node:http';
import type { FileStore, UploadRecords } from '@acs/firmware-data-access';
import type { GrantSecrets } from '@acs/firmware-domain';
import type { DeniedReason, FileServerMetrics } from './file-server-metrics';

/** What the request handlers share: the stores, the keys, the clock and the metrics. */
export interface FileServerContext {
  readonly files: FileStore;
  readonly secrets: GrantSecrets;
  readonly uploads: { readonly records: UploadRecords; readonly maxBytes: number } | undefined;
  readonly metrics: FileServerMetrics;
  readonly now: () => Date;
}

export function nowSeconds(context: FileServerContext): number {
  return Math.floor(context.now().getTime() / 1000);
}

/**
 * A short answer with no file in it. `close` when the request body was not read (a refused
 * upload): reading megabytes only to discard them would let anyone make the server do so.
 */
export function answer(
  response: ServerResponse,
  status: number,
  headers: Record<string, string> = {},
  close = false,
): void {
  const body = `${status} ${statusText(status)}\n`;
  response.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    ...(close ? { Connection: 'close' } : {}),
    ...headers,
  });
  response.end(response.req.method === 'HEAD' ? undefined : body);
}

function statusText(status: number): string {
  const texts: Record<number, string> = {
    201: 'Created',
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    405: 'Method Not Allowed',
    409: 'Conflict',
    413: 'Content Too Large',
    500: 'Internal Server Error',
  };
  return texts[status] ?? '';
}

/** Refuses a request for want of a valid grant (or for a path trick), counting why. */
export function deny(
  context: FileServerContext,
  response: ServerResponse,
  reason: DeniedReason,
  headers: Record<string, string> = {},
  close = false,
): void {
  context.metrics.denied.inc({ reason });
  const status = reason === 'path' ? 400 : reason === 'missing' ? 401 : 403;
  answer(response, status, headers, close);
}
