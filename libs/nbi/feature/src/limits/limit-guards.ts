import {
  CallHandler,
  CanActivate,
  ExecutionContext,
  Inject,
  Injectable,
  NestInterceptor,
} from '@nestjs/common';
import { defer, finalize, Observable } from 'rxjs';
import { endpointOf } from '../http/endpoint';
import type { NbiRequest } from '../http/nbi-request';
import { REQUEST_LIMITS } from '../tokens';
import type { RequestLimits } from './request-limits';

export type LimitedBy = NonNullable<NbiRequest['nbi']>['limitedBy'];

/** Runs `check`, noting on the request which limit refused it (for the API's metrics). */
export function noting(request: NbiRequest, limitedBy: LimitedBy, check: () => void): void {
  try {
    check();
  } catch (error) {
    request.nbi = { ...request.nbi, limitedBy };
    throw error;
  }
}

/** The per-key (or per OIDC subject) budget, once OperatorAuthGuard knows who is asking. */
@Injectable()
export class KeyRateLimitGuard implements CanActivate {
  constructor(@Inject(REQUEST_LIMITS) private readonly limits: RequestLimits | null) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<NbiRequest>();
    const actor = request.nbi?.actor;
    if (this.limits && actor) noting(request, 'api-key', () => this.limits?.checkKey(actor));
    return true;
  }
}

/**
 * Bounds the routes marked `expensive` (they scan the fleet) to a number running at once; the
 * slot is held until the handler's answer is ready, and given back however it ends.
 */
@Injectable()
export class ExpensiveQueryInterceptor implements NestInterceptor {
  constructor(@Inject(REQUEST_LIMITS) private readonly limits: RequestLimits | null) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const def = endpointOf(context.getHandler());
    const limits = this.limits;
    if (!def?.expensive || !limits) return next.handle();
    const request = context.switchToHttp().getRequest<NbiRequest>();
    return defer(() => {
      let leave: () => void = () => undefined;
      noting(request, 'expensive-queries', () => {
        leave = limits.enterExpensiveQuery(def.operationId);
      });
      return next.handle().pipe(finalize(() => leave()));
    });
  }
}
