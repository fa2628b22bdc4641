import type { IncomingMessage } from 'http';
import { promisify } from 'util';
import * as zlib from 'zlib';
import { GatewayError } from '../errors/gateway-error';

export type BodyEncoding = 'gzip' | 'deflate' | null;

const gunzip = promisify(zlib.gunzip);
const inflate = promisify(zlib.inflate);
const inflateRaw = promisify(zlib.inflateRaw);
const gzip = promisify(zlib.gzip);
const deflate = promisify(zlib.deflate);

export function bodyEncodingOf(header: string | undefined): BodyEncoding {
  const value = (header ?? '').trim().toLowerCase();
  if (value === '' || value === 'identity') return null;
  if (value === 'gzip' || value === 'x-gzip') return 'gzip';
  if (value === 'deflate') return 'deflate';
  throw new GatewayError('UNSUPPORTED_ENCODING', `Content-Encoding ${value} is not supported`);
}

/**
 * Reads the whole body (chunked or not), refusing more than `limit` bytes on the wire or after
 * decompression: a small gzip bomb must not become a large buffer.
 */
export async function readRequestBody(
  request: IncomingMessage,
  encoding: BodyEncoding,
  limit: number,
): Promise<Buffer> {
  const declared = Number(request.headers['content-length'] ?? NaN);
  if (declared > limit) throw tooLarge(limit);
  const raw = await readRaw(request, limit);
  if (encoding === null || raw.length === 0) return raw;
  try {
    if (encoding === 'gzip') return await gunzip(raw, { maxOutputLength: limit });
    // "deflate" means zlib-wrapped by the RFC, raw deflate in some stacks: take either.
    return await inflate(raw, { maxOutputLength: limit }).catch(() =>
      inflateRaw(raw, { maxOutputLength: limit }),
    );
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(limit);
    throw new GatewayError('MALFORMED_REQUEST', `cannot decompress the ${encoding} body`);
  }
}

/**
 * The bytes on the wire, by 'data' events: an async iterator over the request costs more than the
 * rest of reading a CPE's body. Past `limit` the request is destroyed, as leaving such a loop did.
 */
function readRaw(request: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = (error: Error | null) => {
      request.off('data', onData).off('end', onEnd).off('error', settle).off('close', onClose);
      if (error) reject(error);
      else resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      settle(tooLarge(limit));
      request.destroy();
    };
    const onEnd = () => settle(null);
    const onClose = () => settle(new Error('the request closed before its body ended'));
    request.on('data', onData).on('end', onEnd).on('error', settle).on('close', onClose);
  });
}

/** Compresses an answer the way the CPE compressed its request. */
export function encodeBody(body: Buffer, encoding: BodyEncoding): Promise<Buffer> {
  if (encoding === 'gzip') return gzip(body);
  if (encoding === 'deflate') return deflate(body);
  return Promise.resolve(body);
}

function tooLarge(limit: number): GatewayError {
  return new GatewayError('BODY_TOO_LARGE', `request body over ${limit} bytes`);
}
