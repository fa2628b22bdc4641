/** Why a request with an Authorization header was refused. Safe to log and to put in metrics. */
export type RejectionReason =
  /** The header could not be read. */
  | 'malformed-authorization'
  /** Unknown username, wrong password, or credentials bound to another device: not told apart. */
  | 'bad-credentials'
  /** Basic on plain HTTP while `allowBasicOverHttp` is off. */
  | 'basic-not-allowed'
  /** A qop other than auth, no qop (RFC 2069), or an algorithm other than MD5. */
  | 'unsupported-digest'
  | 'realm-mismatch'
  /** The digest-uri does not name the requested resource. */
  | 'uri-mismatch'
  | 'opaque-mismatch'
  /** A nonce this system did not issue (or issued under a retired secret). */
  | 'invalid-nonce'
  /** A nonce count not above one already accepted for this nonce. */
  | 'replayed-nonce-count';

export type AuthenticationResult =
  | {
      outcome: 'authenticated';
      username: string;
      scheme: 'basic' | 'digest';
      /** Which credentials entry matched (`device:<id>` or `class:<OUI>-<ProductClass>`). */
      credentialsSource: string;
    }
  /** Answer 401 with this WWW-Authenticate (no credentials yet, or a stale nonce). */
  | { outcome: 'challenge'; wwwAuthenticate: string }
  /** Answer 401 with this WWW-Authenticate, a fresh challenge the CPE may answer. */
  | { outcome: 'rejected'; reason: RejectionReason; wwwAuthenticate: string }
  /** Answer 429 or 503 with Retry-After; no credentials are checked for this source meanwhile. */
  | { outcome: 'rate-limited'; retryAfterSeconds: number };

/** What the gateway logs and counts. Carries no username, password, nonce or response. */
export type AuthenticationEvent =
  | {
      type: 'auth-failed';
      reason: RejectionReason;
      source: string;
      deviceId?: string;
      /** True when this failure counts towards the source's rate limit. */
      counted: boolean;
      /** Set when this failure reached the limit and blocked the source. */
      blockedForMs?: number;
    }
  | { type: 'auth-rate-limited'; source: string; retryAfterSeconds: number };
