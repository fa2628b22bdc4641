import { Static, Type } from '@sinclair/typebox';
import { configFromEnv } from '@acs/config';

/** The gateway's settings, each read from the environment variable it names (see README). */
export const GatewayConfigSchema = Type.Object({
  port: Type.Integer({ env: 'CWMP_PORT', default: 7547, minimum: 0, maximum: 65535 }),
  host: Type.String({ env: 'CWMP_HOST', default: '0.0.0.0' }),
  /** PEM files; both set means HTTPS. */
  tlsCertFile: Type.Optional(Type.String({ env: 'CWMP_TLS_CERT_FILE' })),
  tlsKeyFile: Type.Optional(Type.String({ env: 'CWMP_TLS_KEY_FILE' })),
  /** Where /healthz, /readyz and /metrics are served: never on the CPE-facing port. */
  opsPort: Type.Integer({ env: 'CWMP_OPS_PORT', default: 9464, minimum: 0, maximum: 65535 }),
  podId: Type.Optional(Type.String({ env: 'POD_NAME', minLength: 1 })),

  bodyLimitBytes: Type.Integer({ env: 'CWMP_BODY_LIMIT_BYTES', default: 4_194_304, minimum: 1024 }),
  /** A client must deliver its headers, and its whole request, within these. */
  headersTimeoutMs: Type.Integer({ env: 'CWMP_HEADERS_TIMEOUT_MS', default: 10_000, minimum: 100 }),
  requestTimeoutMs: Type.Integer({ env: 'CWMP_REQUEST_TIMEOUT_MS', default: 30_000, minimum: 100 }),
  keepAliveTimeoutMs: Type.Integer({
    env: 'CWMP_KEEPALIVE_TIMEOUT_MS',
    default: 35_000,
    minimum: 100,
  }),

  /** Silence after which a session ends (CWMP: at least 30 s). */
  sessionTimeoutMs: Type.Integer({ env: 'CWMP_SESSION_TIMEOUT_MS', default: 30_000, minimum: 100 }),
  /** How long a request waits for provisioning's next outbox entry before the session ends. */
  outboxWaitMs: Type.Integer({ env: 'CWMP_OUTBOX_WAIT_MS', default: 10_000, minimum: 10 }),
  cookieName: Type.String({
    env: 'CWMP_COOKIE_NAME',
    default: 'acs_session',
    pattern: '^[A-Za-z0-9_-]+$',
  }),
  cookiePath: Type.String({ env: 'CWMP_COOKIE_PATH', default: '/', pattern: '^/[^;,\\s]*$' }),
  /** CPEs that return no cookie: find their session by client address (off behind shared NAT). */
  cookielessFallback: Type.Union([Type.Literal('client-address'), Type.Literal('off')], {
    env: 'CWMP_COOKIELESS_FALLBACK',
    default: 'client-address',
  }),
  /** A header carrying the client address set by a trusted proxy, e.g. `x-forwarded-for`. */
  clientAddressHeader: Type.Optional(Type.String({ env: 'CWMP_CLIENT_ADDRESS_HEADER' })),

  /** Sessions in flight this pod takes before a new Inform gets 503. */
  admissionBudget: Type.Integer({ env: 'CWMP_ADMISSION_BUDGET', default: 2_000, minimum: 1 }),
  /** Retry-After of a 503 is drawn uniformly from this range, so a storm does not come back in step. */
  retryAfterMinSeconds: Type.Integer({ env: 'CWMP_RETRY_AFTER_MIN_S', default: 30, minimum: 1 }),
  retryAfterMaxSeconds: Type.Integer({ env: 'CWMP_RETRY_AFTER_MAX_S', default: 120, minimum: 1 }),
  /** How long in-flight requests may run after SIGTERM. */
  drainGraceMs: Type.Integer({ env: 'CWMP_DRAIN_GRACE_MS', default: 20_000, minimum: 0 }),
  /** Longest wait for Kafka's ack before the CPE gets 503. */
  publishTimeoutMs: Type.Integer({ env: 'CWMP_PUBLISH_TIMEOUT_MS', default: 5_000, minimum: 10 }),

  /** `none` only for labs: every CPE is let in unauthenticated. */
  authMode: Type.Union([Type.Literal('digest'), Type.Literal('basic'), Type.Literal('none')], {
    env: 'CWMP_AUTH',
    default: 'digest',
  }),
  authRealm: Type.String({ env: 'CWMP_AUTH_REALM', default: 'acs', minLength: 1 }),
  /** Shared by every pod (at least 32 bytes, hex or base64): nonces verify on any pod. */
  nonceSecret: Type.Optional(Type.String({ env: 'CWMP_NONCE_SECRET', minLength: 32 })),
  /**
   * How long a Digest nonce is accepted, in seconds. Most CPE stacks keep the last challenge and
   * send Authorization preemptively on their next session (same nonce, higher nc): while the
   * nonce lives, that session costs no 401 round trip. Replays stay refused however long it
   * lives (nc must rise, checked in Redis), so the price of a long lifetime is Redis memory: one
   * nc counter (about 150 bytes) per nonce used within the lifetime. A CPE that reuses its nonce
   * holds one counter whatever the lifetime; one that does not holds one per session within it.
   * Two hours covers the shortest common periodic interval (1 h) with room for jitter and the
   * sessions between (boot, connection requests), at no more than 2-3 counters per device even
   * for CPEs that never reuse; a fleet on a daily interval pays one 401 a day per device (raise
   * this to 90000 to spare it, at up to 25 counters per device for hourly CPEs that never reuse).
   */
  nonceLifetimeSeconds: Type.Integer({
    env: 'CWMP_NONCE_LIFETIME_S',
    default: 7_200,
    minimum: 60,
    maximum: 604_800,
  }),
  allowBasicOverHttp: Type.Boolean({ env: 'CWMP_ALLOW_BASIC_OVER_HTTP', default: false }),
  /** JSON credentials file (see libs/cwmp/cpe-auth); read again on SIGHUP (reload-on-sighup.ts). */
  credentialsFile: Type.Optional(Type.String({ env: 'CWMP_CREDENTIALS_FILE' })),
});

export type GatewayConfig = Static<typeof GatewayConfigSchema>;

export function gatewayConfigFromEnv(env?: Record<string, string | undefined>): GatewayConfig {
  return configFromEnv(GatewayConfigSchema, env);
}
