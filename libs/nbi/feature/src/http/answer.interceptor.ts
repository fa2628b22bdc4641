import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { ServerResponse } from 'http';
import { pipeline } from 'node:stream';
import { map, Observable } from 'rxjs';
import { EndpointAnswer, StreamAnswer } from './endpoint';

/**
 * Writes the EndpointAnswer a handler returned, with its status and headers. It runs outside the
 * audit interceptor, so the audit entry exists before the answer leaves, as for every write.
 */
@Injectable()
export class AnswerInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      map((value: unknown) => {
        if (value instanceof StreamAnswer) {
          const response = context.switchToHttp().getResponse<ServerResponse>();
          response.writeHead(value.status, value.headers);
          // pipeline destroys the response when the file stream fails: the client sees a cut.
          pipeline(value.content, response, () => undefined);
          return undefined;
        }
        if (!(value instanceof EndpointAnswer)) return value;
        const response = context.switchToHttp().getResponse<ServerResponse>();
        const text = value.body === undefined ? '' : JSON.stringify(value.body);
        response
          .writeHead(value.status, {
            ...value.headers,
            ...(text === '' ? {} : { 'content-type': 'application/json; charset=utf-8' }),
          })
          .end(text);
        return undefined;
      }),
    );
  }
}
