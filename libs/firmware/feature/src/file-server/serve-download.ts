import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream';
import { verifyDownloadGrant } from '@acs/firmware-domain';
import { resolveByteRange, type RangeRequest } from './byte-range';
import { answer, deny, nowSeconds, type FileServerContext } from './file-server-context';
import { entityTag, isNotModified, lastModified, rangeStillApplies } from './validators';

/** GET or HEAD of /files/<fileId>: grant, then conditionals, then the range, then the bytes. */
export async function serveDownload(
  context: FileServerContext,
  request: IncomingMessage,
  response: ServerResponse,
  fileId: string,
  query: URLSearchParams,
): Promise<void> {
  // The grant comes before any lookup, so that without one nobody learns which files exist.
  const check = verifyDownloadGrant(fileId, query, context.secrets, nowSeconds(context));
  if (!check.ok) return deny(context, response, check.reason);
  const file = await context.files.stat(fileId);
  if (!file) return answer(response, 404);

  const validators = {
    ETag: entityTag(file),
    'Last-Modified': lastModified(file),
    'Accept-Ranges': 'bytes',
    'Cache-Control': 'private, no-transform',
  };
  if (isNotModified(request.headers, file)) {
    response.writeHead(304, validators);
    response.end();
    return;
  }
  // RFC 9110 defines ranges for GET only: a HEAD describes the whole file.
  const wanted: RangeRequest =
    request.method === 'GET' && rangeStillApplies(request.headers, file)
      ? resolveByteRange(request.headers.range, file.size)
      : { kind: 'whole' };
  if (wanted.kind === 'unsatisfiable') {
    response.writeHead(416, {
      ...validators,
      'Content-Range': `bytes */${file.size}`,
      'Content-Length': '0',
    });
    response.end();
    return;
  }
  const range = wanted.kind === 'partial' ? wanted.range : undefined;
  const length = range ? range.end - range.start + 1 : file.size;
  response.writeHead(range ? 206 : 200, {
    ...validators,
    'Content-Type': 'application/octet-stream',
    'Content-Length': String(length),
    ...(range ? { 'Content-Range': `bytes ${range.start}-${range.end}/${file.size}` } : {}),
  });
  if (request.method === 'HEAD' || length === 0) {
    response.end();
    return;
  }
  sendContent(context, response, fileId, range);
}

/**
 * Streams the content with backpressure: pipeline reads from the store only as fast as the
 * socket drains, so a slow CPE holds a few buffers, not the file; when the CPE goes away,
 * pipeline destroys the store stream (closing the file or the GridFS cursor).
 */
function sendContent(
  context: FileServerContext,
  response: ServerResponse,
  fileId: string,
  range: { start: number; end: number } | undefined,
): void {
  const { metrics } = context;
  const content = context.files.read(fileId, range);
  metrics.downloadsInFlight.inc();
  content.on('data', (chunk: Buffer) => metrics.sentBytes.inc(chunk.length));
  pipeline(content, response, (error) => {
    metrics.downloadsInFlight.dec();
    // Headers are out: a store failure midway can only cut the response short, which the CPE
    // sees as a length mismatch and retries (with a Range, from where it stopped).
    if (error && !response.destroyed) response.destroy(error);
  });
}
