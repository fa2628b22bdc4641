/**
 * How a connection request ended, as the caller (provisioning, the NBI) needs to tell it apart:
 * - `ok`: the CPE accepted (HTTP 200/204); it will open a session.
 * - `sent`: UDP datagrams went out; UDP has no answer, so this is all anyone can know.
 * - `busy`: HTTP 503, the CPE is in a session already or cannot take one now.
 * - `auth-failed`: 401 again after our credentials: wrong username or password.
 * - `auth-refused`: the CPE offered only Basic and Basic is not allowed.
 * - `unreachable`: no connection (refused, no route, unknown host).
 * - `timeout`: connected or not, no answer within the bound.
 * - `failed`: an answer we cannot use (another status, a protocol error).
 * - `rate-limited`: not attempted, too soon for this device or the platform.
 * - `no-address`: not attempted, inventory knows neither a URL nor a UDP address.
 */
export type ConnectionRequestOutcomeKind =
  | 'ok'
  | 'sent'
  | 'busy'
  | 'auth-failed'
  | 'auth-refused'
  | 'unreachable'
  | 'timeout'
  | 'failed'
  | 'rate-limited'
  | 'no-address';

export type ConnectionRequestMethod = 'http' | 'udp';

/** What one requester (HTTP or UDP) reports. */
export interface RequesterResult {
  outcome: ConnectionRequestOutcomeKind;
  /** HTTP status, error code or a short explanation, for logs and the operator. */
  detail?: string;
}

/** What the service reports for one connection request. */
export interface ConnectionRequestOutcome {
  outcome: ConnectionRequestOutcomeKind;
  /** The transport that was used last; null when nothing was sent. */
  method: ConnectionRequestMethod | null;
  detail?: string;
  /** For `rate-limited`: when trying again can succeed. */
  retryAfterMs?: number;
  /** For `rate-limited`: which limit refused. */
  limit?: 'device' | 'global';
}
