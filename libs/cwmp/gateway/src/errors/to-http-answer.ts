import { HttpAnswer, textAnswer } from '../http/http-answer';
import { GatewayError, GatewayErrorCode } from './gateway-error';

const STATUS: Record<GatewayErrorCode, number> = {
  METHOD_NOT_ALLOWED: 405,
  UNSUPPORTED_ENCODING: 415,
  BODY_TOO_LARGE: 413,
  MALFORMED_REQUEST: 400,
  NO_SESSION: 400,
  SESSION_GONE: 400,
  UNAUTHENTICATED: 401,
  AUTH_RATE_LIMITED: 503,
  OVERLOADED: 503,
  DEPENDENCY_UNAVAILABLE: 503,
  DRAINING: 503,
};

/** The one place a GatewayError becomes an HTTP answer. */
export function toHttpAnswer(error: GatewayError): HttpAnswer {
  const headers: HttpAnswer['headers'] = {};
  if (error.details.wwwAuthenticate) headers['www-authenticate'] = error.details.wwwAuthenticate;
  if (error.details.retryAfterSeconds !== undefined) {
    headers['retry-after'] = String(error.details.retryAfterSeconds);
  }
  if (error.code === 'METHOD_NOT_ALLOWED') headers['allow'] = 'POST';
  // A 401 carries no body: some CPE stacks choke on one they did not expect.
  if (error.code === 'UNAUTHENTICATED') return { status: 401, headers, body: null };
  return textAnswer(STATUS[error.code], error.message, headers);
}
