import type { IncomingHttpHeaders } from 'node:http';
import type { TransferFault } from '@acs/cwmp-codec';
import { request, TlsOptions, TransportError } from '../cpe-session/transport';
import { FIRMWARE_HEAD_BYTES, headComplete } from '../firmware/image';
import { ChunkVerdict, StreamedGet, streamedGet } from './streamed-get';

const NO_FAULT: TransferFault = { faultCode: 0, faultString: '' };

/** Where a file comes from or goes to, with the credentials the ACS gave. */
export interface TransferTarget {
  url: string;
  username: string;
  password: string;
  /** FileSize of the Download (0: not given). */
  fileSize: number;
}

export interface FetchOptions {
  timeoutMs: number;
  tls?: TlsOptions;
  /** Keep the body, up to this many bytes (more is 9018): small files the device reads whole. */
  keepBodyBytes?: number;
  /**
   * Called once the first bytes are in (the first line, or FIRMWARE_HEAD_BYTES): `stop` ends the
   * download there (the device saw enough to give up). Not called for files shorter than that.
   */
  onHead?: (head: Buffer) => ChunkVerdict;
}

export interface FetchedFile {
  fault: TransferFault;
  /** Bytes of the file received (a resumed download counts its two parts once). */
  bytes: number;
  /** The first bytes, at most FIRMWARE_HEAD_BYTES (copied: they pin no socket buffer). */
  head: Buffer;
  /** The whole file when keepBodyBytes asked for it. */
  body?: Buffer;
  /** onHead said stop. */
  stoppedAtHead: boolean;
  /** The offset a second request resumed from after a cut, if there was one. */
  resumedFrom?: number;
}

function authorization(target: TransferTarget): Record<string, string> {
  if (!target.username) return {};
  return {
    Authorization: `Basic ${Buffer.from(`${target.username}:${target.password}`).toString('base64')}`,
  };
}

/** What the device has of the file so far: a byte count and a small head, never the whole body. */
class Received {
  bytes = 0;
  head = Buffer.alloc(0);
  private headSeen = false;
  private body: Buffer[] = [];
  private bodyBytes = 0;
  tooLarge = false;
  stoppedAtHead = false;

  constructor(private readonly options: FetchOptions) {}

  push(chunk: Buffer): ChunkVerdict {
    this.bytes += chunk.length;
    if (!this.headSeen) {
      const wanted = FIRMWARE_HEAD_BYTES - this.head.length;
      this.head = Buffer.concat([this.head, chunk.subarray(0, wanted)]);
      if (headComplete(this.head)) {
        this.headSeen = true;
        if (this.options.onHead?.(this.head) === 'stop') {
          this.stoppedAtHead = true;
          return 'stop';
        }
      }
    }
    const keep = this.options.keepBodyBytes;
    if (keep !== undefined) {
      this.bodyBytes += chunk.length;
      if (this.bodyBytes > keep) {
        this.tooLarge = true;
        return 'stop';
      }
      this.body.push(chunk);
    }
    return 'more';
  }

  /** The server sent the whole file again (it changed, or ignored the range): start over. */
  restart(): void {
    this.bytes = 0;
    this.head = Buffer.alloc(0);
    this.headSeen = false;
    this.body = [];
    this.bodyBytes = 0;
  }

  wholeBody(): Buffer | undefined {
    return this.options.keepBodyBytes === undefined ? undefined : Buffer.concat(this.body);
  }
}

/** If-Range needs a strong validator: a strong ETag, else Last-Modified. */
function validatorOf(headers: IncomingHttpHeaders): string | undefined {
  const etag = headers.etag;
  if (etag && !etag.startsWith('W/')) return etag;
  return headers['last-modified'];
}

function faultOf(outcome: StreamedGet): TransferFault | undefined {
  switch (outcome.kind) {
    case 'failed':
      return outcome.timeout
        ? { faultCode: 9017, faultString: `Unable to complete download: ${outcome.reason}` }
        : { faultCode: 9015, faultString: `Unable to contact file server: ${outcome.reason}` };
    case 'status':
      return outcome.status === 401 || outcome.status === 403
        ? {
            faultCode: 9012,
            faultString: `File server authentication failure: HTTP ${outcome.status}`,
          }
        : { faultCode: 9016, faultString: `Unable to access file: HTTP ${outcome.status}` };
    case 'cut':
      return { faultCode: 9017, faultString: `Unable to complete download: ${outcome.reason}` };
    case 'body':
      return undefined;
  }
}

/**
 * Fetches a Download's file over HTTP(S) as a CPE does, streamed: the body is counted (and its
 * first bytes kept for the image header), not gathered, unless `keepBodyBytes` asks for it. A
 * connection cut after some bytes is resumed once with `Range` from the next byte and `If-Range`
 * (a 200 instead of 206 means the file changed: counted again from the start). Faults: 401/403 →
 * 9012, other error statuses → 9016, no server → 9015, a cut or a stall → 9017, a size differing
 * from FileSize or a body too large to keep → 9018.
 */
export async function fetchFile(
  target: TransferTarget,
  options: FetchOptions,
): Promise<FetchedFile> {
  const received = new Received(options);
  const url = new URL(target.url);
  const push = (chunk: Buffer) => received.push(chunk);
  const settings = { timeoutMs: options.timeoutMs, ...(options.tls ? { tls: options.tls } : {}) };
  let outcome = await streamedGet(url, authorization(target), settings, push);
  let resumedFrom: number | undefined;
  if (outcome.kind === 'cut' && received.bytes > 0) {
    resumedFrom = received.bytes;
    const validator = validatorOf(outcome.headers);
    const headers = {
      ...authorization(target),
      Range: `bytes=${resumedFrom}-`,
      ...(validator ? { 'If-Range': validator } : {}),
    };
    let badRange = false;
    outcome = await streamedGet(url, headers, settings, push, (status, replyHeaders) => {
      if (status === 206) {
        badRange = !String(replyHeaders['content-range'] ?? '').startsWith(`bytes ${resumedFrom}-`);
        return badRange ? 'stop' : 'more';
      }
      received.restart();
      return 'more';
    });
    if (badRange)
      outcome = { kind: 'cut', status: 206, headers: {}, reason: 'resumed at the wrong offset' };
  }
  const result = (fault: TransferFault): FetchedFile => {
    const body = received.wholeBody();
    return {
      fault,
      bytes: received.bytes,
      head: received.head,
      stoppedAtHead: received.stoppedAtHead,
      ...(body ? { body } : {}),
      ...(resumedFrom === undefined ? {} : { resumedFrom }),
    };
  };
  const fault = faultOf(outcome);
  if (fault) return result(fault);
  if (received.stoppedAtHead) return result(NO_FAULT);
  if (received.tooLarge)
    return result({
      faultCode: 9018,
      faultString: `File corrupted: more than ${options.keepBodyBytes} bytes`,
    });
  if (target.fileSize > 0 && received.bytes !== target.fileSize) {
    return result({
      faultCode: 9018,
      faultString: `File corrupted: expected ${target.fileSize} bytes, got ${received.bytes}`,
    });
  }
  return result(NO_FAULT);
}

function transportFault(error: unknown): TransferFault {
  const message = error instanceof Error ? error.message : String(error);
  return error instanceof TransportError && error.reason === 'timeout'
    ? { faultCode: 9011, faultString: `Upload failure: ${message}` }
    : { faultCode: 9011, faultString: `Upload failure: unable to contact file server: ${message}` };
}

/** PUTs an Upload's generated file with the Upload's Basic credentials (9011 on any refusal). */
export async function putFile(
  target: TransferTarget,
  content: Buffer,
  timeoutMs: number,
  tls?: TlsOptions,
): Promise<TransferFault> {
  try {
    const reply = await request(
      new URL(target.url),
      {
        method: 'PUT',
        headers: {
          ...authorization(target),
          'Content-Type': 'application/octet-stream',
          'Content-Length': String(content.length),
        },
        agent: false,
        timeoutMs,
        ...(tls ? { tls } : {}),
      },
      content,
    );
    if (reply.status < 200 || reply.status > 299)
      return { faultCode: 9011, faultString: `Upload failure: HTTP ${reply.status}` };
    return NO_FAULT;
  } catch (error) {
    return transportFault(error);
  }
}
