import http from 'node:http';
import https from 'node:https';
import { TlsOptions } from '../cpe-session/transport';

/** What a consumer does with each piece of a body as it arrives: `stop` ends the transfer there. */
export type ChunkVerdict = 'more' | 'stop';

export type StreamedGet =
  /** A 2xx answer whose body went through onChunk to its end (or until onChunk said stop). */
  | { kind: 'body'; status: number; headers: http.IncomingHttpHeaders; stopped: boolean }
  /** Any other status (the body is discarded unread). */
  | { kind: 'status'; status: number }
  /** The body was cut short (connection lost, or no byte for timeoutMs) after the answer began. */
  | { kind: 'cut'; status: number; headers: http.IncomingHttpHeaders; reason: string }
  /** No answer at all. */
  | { kind: 'failed'; timeout: boolean; reason: string };

/**
 * One GET whose body is handed to `onChunk` piece by piece and never gathered, so a 64 MiB image
 * costs a device no more memory than the socket's buffers. Never rejects: every outcome is a value.
 */
export function streamedGet(
  url: URL,
  headers: Record<string, string>,
  options: { timeoutMs: number; tls?: TlsOptions },
  onChunk: (chunk: Buffer) => ChunkVerdict,
  /** A 2xx answer's status and headers, before its body: `stop` ends it there. */
  onStart: (status: number, headers: http.IncomingHttpHeaders) => ChunkVerdict = () => 'more',
): Promise<StreamedGet> {
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    let timedOut = false;
    let cutReason = 'connection closed before the end of the body';
    const settle = (outcome: StreamedGet): void => {
      if (settled) return;
      settled = true;
      resolve(outcome);
    };
    const req = client.request(
      url,
      { method: 'GET', headers, agent: false, ...(options.tls ?? {}) },
      (res) => {
        const status = res.statusCode ?? 0;
        if (status < 200 || status > 299) {
          res.resume();
          settle({ kind: 'status', status });
          req.destroy();
          return;
        }
        if (onStart(status, res.headers) === 'stop') {
          settle({ kind: 'body', status, headers: res.headers, stopped: true });
          req.destroy();
          return;
        }
        res.on('data', (chunk: Buffer) => {
          if (settled) return;
          if (onChunk(chunk) === 'stop') {
            settle({ kind: 'body', status, headers: res.headers, stopped: true });
            req.destroy();
          }
        });
        res.on('end', () => {
          if (res.complete) settle({ kind: 'body', status, headers: res.headers, stopped: false });
        });
        // 'close' without 'end' (or an incomplete one): the body was cut short.
        res.on('close', () =>
          settle({ kind: 'cut', status, headers: res.headers, reason: cutReason }),
        );
        res.on('error', (error) => (cutReason = error.message));
      },
    );
    req.setTimeout(options.timeoutMs, () => {
      cutReason = `no data within ${options.timeoutMs} ms`;
      timedOut = true;
      req.destroy(new Error(cutReason));
    });
    req.on('error', (error) =>
      settle({ kind: 'failed', timeout: timedOut, reason: error.message }),
    );
    req.end();
  });
}
