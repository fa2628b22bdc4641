import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { ServerResponse } from 'http';
import { httpFailureOf, type HttpFailure } from './http-mapping';

/** Answers every error of the API's controllers in the API's error format (ErrorSchema). */
@Catch()
export class NbiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Nbi');

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<ServerResponse>();
    const failure = httpFailureOf(error);
    if (failure.unexpected) {
      this.logger.error(
        `request failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    }
    writeFailure(response, failure);
  }
}

/** Writes a failure in the API's error format, or cuts the connection when an answer was begun. */
export function writeFailure(response: ServerResponse, failure: HttpFailure): void {
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  if (failure.status === 401) headers['www-authenticate'] = 'Bearer realm="acs"';
  if (failure.retryAfterSeconds !== undefined) {
    headers['retry-after'] = String(failure.retryAfterSeconds);
  }
  if (response.headersSent) {
    response.destroy();
    return;
  }
  response.writeHead(failure.status, headers).end(JSON.stringify(failure.body));
}
