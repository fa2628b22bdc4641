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

/**
 * A controller of the operator API: under /api/v1, behind the API-key guard, audited, answering
 * errors in the API's format. Scoped to these controllers, so an application hosting NbiModule
 * beside other modules keeps its own guards and error handling for them.
 */
export function NbiController(): ClassDecorator {
  return applyDecorators(
    Controller(API_PREFIX.slice(1)),
    UseGuards(OperatorAuthGuard),
    // The first is the outer one: answers are written after the audit entry.
    UseInterceptors(AnswerInterceptor, AuditInterceptor),
    UseFilters(NbiExceptionFilter),
  );
}
