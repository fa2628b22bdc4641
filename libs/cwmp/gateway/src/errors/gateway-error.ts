/**
 * Why the gateway refused a request. Raised anywhere in the session logic, turned into an HTTP
 * answer in one place (to-http-answer.ts). SOAP faults are not errors: they are answers the
 * session logic builds itself (8000, 8005, 8006).
 */
export type GatewayErrorCode =
  /** Not a POST. */
  | 'METHOD_NOT_ALLOWED'
  /** A Content-Encoding other than gzip, deflate or identity. */
  | 'UNSUPPORTED_ENCODING'
  | 'BODY_TOO_LARGE'
  /** The body could not be decoded (bad XML, not SOAP, bad compression). */
  | 'MALFORMED_REQUEST'
  /** A request other than an Inform without a session to continue. */
  | 'NO_SESSION'
  /** The session the cookie names ended (timed out, taken over, closed). */
  | 'SESSION_GONE'
  /** Answer 401 with a challenge. */
  | 'UNAUTHENTICATED'
  /** Too many authentication failures from this source. */
  | 'AUTH_RATE_LIMITED'
  /** The pod's budget of sessions in flight is spent. */
  | 'OVERLOADED'
  /** Redis or Kafka did not answer: nothing was acknowledged. */
  | 'DEPENDENCY_UNAVAILABLE'
  /** The pod is shutting down: new sessions go elsewhere. */
  | 'DRAINING';

export class GatewayError extends Error {
  override readonly name = 'GatewayError';

  constructor(
    readonly code: GatewayErrorCode,
    message: string,
    readonly details: { wwwAuthenticate?: string; retryAfterSeconds?: number } = {},
  ) {
    super(message);
  }
}
