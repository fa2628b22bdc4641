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
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge(limit);
    chunks.push(chunk);
  }
  const raw = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
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

/** Compresses an answer the way the CPE compressed its request. */
export function encodeBody(body: Buffer, encoding: BodyEncoding): Promise<Buffer> {
  if (encoding === 'gzip') return gzip(body);
  if (encoding === 'deflate') return deflate(body);
  return Promise.resolve(body);
}

function tooLarge(limit: number): GatewayError {
  return new GatewayError('BODY_TOO_LARGE', `request body over ${limit} bytes`);
}
