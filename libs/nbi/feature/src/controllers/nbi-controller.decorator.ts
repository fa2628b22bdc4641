import {
  applyDecorators,
  Controller,
  UseFilters,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { AuditInterceptor } from '../audit/audit.interceptor';
import { OperatorAuthGuard } from '../auth/operator-auth.guard';
import { NbiExceptionFilter } from '../errors/nbi-exception.filter';
import { AnswerInterceptor } from '../http/answer.interceptor';
import { API_PREFIX } from '../http/endpoint';
import { ExpensiveQueryInterceptor, KeyRateLimitGuard } from '../limits/limit-guards';

/**
 * A controller of the operator API: under /api/v1, behind the API-key guard and the key's request
 * budget (the source address's is NbiModule's first middleware), audited, answering errors in the
 * API's format. Scoped to these controllers, so an application hosting NbiModule
 * beside other modules keeps its own guards and error handling for them.
 */
export function NbiController(): ClassDecorator {
  return applyDecorators(
    Controller(API_PREFIX.slice(1)),
    // The key's budget once the key is known.
    UseGuards(OperatorAuthGuard, KeyRateLimitGuard),
    // The first is the outer one: answers are written after the audit entry, and a query refused
    // for the fleet-scan bound is audited like any refused write.
    UseInterceptors(AnswerInterceptor, AuditInterceptor, ExpensiveQueryInterceptor),
    UseFilters(NbiExceptionFilter),
  );
}
