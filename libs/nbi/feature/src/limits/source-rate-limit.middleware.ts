import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { httpFailureOf } from '../errors/http-mapping';
import { writeFailure } from '../errors/nbi-exception.filter';
import type { NbiRequest } from '../http/nbi-request';
import { REQUEST_LIMITS } from '../tokens';
import { noting } from './limit-guards';
import type { RequestLimits } from './request-limits';

/**
 * The per-address budget, first of all: before the body is read and before any key is looked up,
 * so a flood (of large bodies, of guessed keys) costs a bucket lookup per request. A refusal is
 * counted, not audited: an audit entry per refused request would let a flood write the audit log
 * at its own rate.
 */
@Injectable()
export class SourceRateLimitMiddleware implements NestMiddleware {
  constructor(@Inject(REQUEST_LIMITS) private readonly limits: RequestLimits | null) {}

  use(request: NbiRequest, response: ServerResponse, next: () => void): void {
    const limits = this.limits;
    try {
      if (limits) noting(request, 'source-address', () => limits.checkSource(request));
    } catch (error) {
      writeFailure(response, httpFailureOf(error));
      return;
    }
    next();
  }
}
