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
import {
  ExpensiveQueryInterceptor,
  KeyRateLimitGuard,
  SourceRateLimitGuard,
} from '../limits/limit-guards';

/**
 * A controller of the operator API: under /api/v1, behind the request limits and the API-key
 * guard, audited, answering errors in the API's format. Scoped to these controllers, so an application hosting NbiModule
 * beside other modules keeps its own guards and error handling for them.
 */
export function NbiController(): ClassDecorator {
  return applyDecorators(
    Controller(API_PREFIX.slice(1)),
    // In order: the source's budget before any key is looked up, the key's once it is known.
    UseGuards(SourceRateLimitGuard, OperatorAuthGuard, KeyRateLimitGuard),
    // The first is the outer one: answers are written after the audit entry, and a query refused
    // for the fleet-scan bound is audited like any refused write.
    UseInterceptors(AnswerInterceptor, AuditInterceptor, ExpensiveQueryInterceptor),
    UseFilters(NbiExceptionFilter),
  );
}
