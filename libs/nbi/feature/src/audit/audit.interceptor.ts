import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { catchError, from, mergeMap, Observable } from 'rxjs';
import { httpFailureOf } from '../errors/http-mapping';
import { EndpointAnswer, endpointOf } from '../http/endpoint';
import type { NbiRequest } from '../http/nbi-request';
import { AuditRecorder } from './audit-recorder';

/**
 * Audits every write that got past the guard: its intent is stored before the handler runs (no
 * entry, no write: 503 audit-unavailable), and its outcome, with the status it ends with, before
 * the answer leaves.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(private readonly audit: AuditRecorder) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const def = endpointOf(context.getHandler());
    const audit = def?.audit;
    if (!def || !audit) return next.handle();
    const request = context.switchToHttp().getRequest<NbiRequest>();
    // A failed intent propagates as is: nothing ran, so there is no outcome to record.
    return from(this.audit.intent({ ...def, audit }, request)).pipe(
      mergeMap((intent) =>
        next.handle().pipe(
          mergeMap((value: unknown) =>
            from(
              this.audit
                .outcome(
                  def,
                  request,
                  { status: value instanceof EndpointAnswer ? value.status : def.status },
                  intent,
                )
                .then(() => value),
            ),
          ),
          catchError((error: unknown) => {
            const failure = httpFailureOf(error);
            return from(
              this.audit
                .outcome(
                  def,
                  request,
                  { status: failure.status, error: failure.body.error },
                  intent,
                )
                .then(() => {
                  throw error;
                }),
            );
          }),
        ),
      ),
    );
  }
}
