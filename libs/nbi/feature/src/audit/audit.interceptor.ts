import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { catchError, from, mergeMap, Observable } from 'rxjs';
import { httpFailureOf } from '../errors/http-mapping';
import { EndpointAnswer, endpointOf } from '../http/endpoint';
import type { NbiRequest } from '../http/nbi-request';
import { AuditRecorder } from './audit-recorder';

/**
 * Records every write that got past the guard, with the status it ends with, before the answer
 * leaves: once a client has its answer, the audit entry exists.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(private readonly audit: AuditRecorder) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const def = endpointOf(context.getHandler());
    if (!def?.audit) return next.handle();
    const request = context.switchToHttp().getRequest<NbiRequest>();
    return next.handle().pipe(
      mergeMap((value: unknown) =>
        from(
          this.audit
            .record(def, request, {
              status: value instanceof EndpointAnswer ? value.status : def.status,
            })
            .then(() => value),
        ),
      ),
      catchError((error: unknown) => {
        const failure = httpFailureOf(error);
        return from(
          this.audit
            .record(def, request, { status: failure.status, error: failure.body.error })
            .then(() => {
              throw error;
            }),
        );
      }),
    );
  }
}
