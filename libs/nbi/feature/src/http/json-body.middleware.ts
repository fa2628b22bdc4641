import { Injectable, NestMiddleware } from '@nestjs/common';
import type { ServerResponse } from 'http';
import type { NbiRequest } from './nbi-request';

/** Operator requests are small: a task, a tag change, a filter. */
export const MAX_BODY_BYTES = 1024 * 1024;

const JSON_TYPE = /^application\/([a-z0-9.+-]*\+)?json\s*(;|$)/i;

/**
 * Reads JSON request bodies of the API's routes. A body that is too large, not JSON or of another
 * content type is not answered here: the problem is noted on the request and reported as a 400
 * naming `body`, after authentication, so the answer has the API's error format and a refused
 * write is audited like any other. When the host application already parsed the body, that is
 * used as it is.
 */
@Injectable()
export class JsonBodyMiddleware implements NestMiddleware {
  use(request: NbiRequest, _response: ServerResponse, next: () => void): void {
    if (request.body !== undefined || !hasBody(request)) {
      next();
      return;
    }
    const contentType = request.headers['content-type'] ?? '';
    if (!JSON_TYPE.test(contentType)) {
      noteProblem(request, `content type ${contentType || '(none)'} is not application/json`);
      request.resume();
      next();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let finished = false;
    const finish = (problem?: string) => {
      if (finished) return;
      finished = true;
      if (problem) noteProblem(request, problem);
      next();
    };
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      // Answered (400) without waiting for the rest, which is read on and dropped, never kept.
      else finish(`larger than ${MAX_BODY_BYTES} bytes`);
    });
    request.on('error', () => finish('the body could not be read'));
    request.on('end', () => {
      if (finished) return;
      try {
        request.body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
        finish();
      } catch (error) {
        finish(`not valid JSON (${(error as Error).message})`);
      }
    });
  }
}

function hasBody(request: NbiRequest): boolean {
  const length = request.headers['content-length'];
  return (
    (length !== undefined && length !== '0') || request.headers['transfer-encoding'] !== undefined
  );
}

function noteProblem(request: NbiRequest, problem: string): void {
  request.nbi = { ...request.nbi, bodyError: problem };
}
