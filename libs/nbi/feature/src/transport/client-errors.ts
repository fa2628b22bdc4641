import type { EventEmitter } from 'node:events';
import type { Duplex } from 'node:stream';
import type { ErrorBody } from '../errors/http-mapping';

/** How long a refused connection may go on sending before it is cut. */
const LINGER_MS = 5_000;

/** The status Node's own answer would have had, with the API's error code for it. */
function refusalOf(error: NodeJS.ErrnoException): {
  status: number;
  reason: string;
  body: ErrorBody;
} {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return {
        status: 431,
        reason: 'Request Header Fields Too Large',
        body: {
          error: 'headers-too-large',
          message: 'the request line and headers together are larger than the API takes (16 KiB)',
        },
      };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return {
        status: 408,
        reason: 'Request Timeout',
        body: { error: 'request-timeout', message: 'the request did not arrive in time' },
      };
    default:
      return {
        status: 400,
        reason: 'Bad Request',
        body: { error: 'malformed-request', message: 'the request is not well-formed HTTP/1.1' },
      };
  }
}

/**
 * Requests that never reach the application (a request line or headers over Node's limit, bytes
 * that are not HTTP) get an answer in the API's error format instead of Node's bare one. And the
 * connection lingers: Node's own handler closes it at once, while the client may still be sending
 * (a 100 KiB URL), so the client's kernel met a reset and the client never read the answer.
 */
/** `server` is the API's http.Server or https.Server. */
export function answerClientErrors(server: EventEmitter): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    // The parser has failed: what else arrives is not read as HTTP again.
    socket.removeAllListeners('data');
    // An answer already begun on this connection cannot be followed by another.
    const inFlight = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (!socket.writable || error.code === 'ECONNRESET' || inFlight?.headersSent) {
      socket.destroy();
      return;
    }
    const { status, reason, body } = refusalOf(error);
    const json = JSON.stringify(body);
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(json)}\r\n` +
        'Connection: close\r\n\r\n' +
        json,
    );
    // Read and drop the rest, until the client closes or the linger time is up.
    socket.resume();
    const cut = setTimeout(() => socket.destroy(), LINGER_MS);
    cut.unref();
    socket.once('close', () => clearTimeout(cut));
    socket.once('end', () => socket.destroy());
  });
}
