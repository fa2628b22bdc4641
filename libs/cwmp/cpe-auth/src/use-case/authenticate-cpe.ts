import { randomBytes } from 'crypto';
import {
  parseAuthorizationHeader,
  type BasicAuthorization,
  type DigestAuthorization,
} from '../digest/authorization-header';
import { buildBasicChallenge, buildDigestChallenge, checkRealm } from '../digest/challenge';
import {
  computeDigestResponse,
  constantTimeEqual,
  digestResponsesEqual,
  parseNonceCount,
} from '../digest/digest-response';
import {
  checkNonceKeys,
  issueNonce,
  NONCE_SALT_BYTES,
  opaqueFor,
  verifyNonce,
  type NonceKeys,
} from '../digest/nonce';
import {
  deviceIdOf,
  type CredentialsProvider,
  type DeviceIdentity,
  type ExpectedCredentials,
} from '../ports/credentials-provider';
import type { FailureCounterStore, FailureLimits } from '../ports/failure-counter-store';
import type { NonceCounterStore } from '../ports/nonce-counter-store';
import { digestUriMatches } from './digest-uri';
import type {
  AuthenticationEvent,
  AuthenticationResult,
  RejectionReason,
} from './authentication-result';

export interface AuthenticateCpeRequest {
  /** The Authorization header as received; undefined when the request had none. */
  authorizationHeader: string | undefined;
  /** The HTTP method of this request (the digest covers it). */
  method: string;
  /** The request-target of this request, e.g. `/` or `/acs?x=1`. */
  uri: string;
  /** The client address failures are counted against. */
  source: string;
  /** True when the request came over TLS. */
  secure: boolean;
  /** The device the request's Inform names, when the gateway has decoded it. */
  deviceHint?: DeviceIdentity;
}

export interface AuthenticateCpeDependencies {
  credentials: CredentialsProvider;
  nonceCounters: NonceCounterStore;
  failures: FailureCounterStore;
}

export interface AuthenticateCpeOptions {
  realm: string;
  /** Shared by every gateway pod, so any pod verifies the nonces any other issued. */
  nonceKeys: NonceKeys;
  /**
   * How long a CPE may keep answering with one nonce: within its session and on later sessions
   * (preemptive Authorization, nc still rising). Default 5 minutes; the gateway sets its own.
   */
  nonceLifetimeMs?: number;
  /** Basic on plain HTTP sends the password in clear; off unless an operator opts in. */
  allowBasicOverHttp?: boolean;
  /** The scheme a 401 asks for. Basic is only offered where Basic would be accepted. */
  challengeScheme?: 'digest' | 'basic';
  /** Default: 10 failures in 60 s block the source for 5 minutes. */
  failureLimits?: FailureLimits;
  /** Receives every failure and refusal, for logs and metrics. */
  onEvent?: (event: AuthenticationEvent) => void;
  now?: () => number;
  randomBytes?: (size: number) => Buffer;
}

const DEFAULT_FAILURE_LIMITS: FailureLimits = {
  maxFailures: 10,
  windowMs: 60_000,
  cooldownMs: 300_000,
};

/**
 * What counts towards the rate limit: failures where a password was checked (what password
 * guessing looks like) and unreadable headers (what fuzzing looks like). A replayed nc, a retired
 * nonce, a wrong realm or Basic on plain HTTP checks no password: such a request is refused with
 * a fresh challenge but not counted, so one quirky CPE behind a shared (CGNAT) address does not
 * lock its neighbours out.
 */
const COUNTED: ReadonlySet<RejectionReason> = new Set([
  'bad-credentials',
  'malformed-authorization',
]);

/**
 * Decides what to answer a CPE's HTTP request as far as authentication goes. Holds no state of
 * its own between calls: nonces are signed, counters live behind the store ports, so any number of
 * instances (gateway pods) can serve one CPE's challenge and answer. Store errors propagate (the
 * gateway answers 503): a request is never let through because a store was unreachable.
 */
export class AuthenticateCpe {
  private readonly lifetimeMs: number;
  private readonly limits: FailureLimits;
  private readonly opaques: string[];
  private readonly now: () => number;
  private readonly random: (size: number) => Buffer;

  constructor(
    private readonly deps: AuthenticateCpeDependencies,
    private readonly options: AuthenticateCpeOptions,
  ) {
    checkRealm(options.realm);
    checkNonceKeys(options.nonceKeys);
    this.lifetimeMs = options.nonceLifetimeMs ?? 300_000;
    this.limits = options.failureLimits ?? DEFAULT_FAILURE_LIMITS;
    if (!(this.lifetimeMs > 0)) throw new RangeError('nonceLifetimeMs must be positive');
    const { maxFailures, windowMs, cooldownMs } = this.limits;
    if (!(maxFailures >= 1 && windowMs > 0 && cooldownMs > 0)) {
      throw new RangeError(
        'failureLimits need maxFailures >= 1 and a positive window and cool-down',
      );
    }
    const { current, previous = [] } = options.nonceKeys;
    this.opaques = [current, ...previous].map((key) => opaqueFor(key, options.realm));
    this.now = options.now ?? Date.now;
    this.random = options.randomBytes ?? randomBytes;
  }

  async execute(request: AuthenticateCpeRequest): Promise<AuthenticationResult> {
    const blockedMs = await this.deps.failures.blockedForMs(request.source);
    if (blockedMs > 0) return this.rateLimited(request.source, blockedMs);
    if (request.authorizationHeader === undefined || request.authorizationHeader.trim() === '') {
      return { outcome: 'challenge', wwwAuthenticate: this.challenge(request) };
    }
    const parsed = parseAuthorizationHeader(request.authorizationHeader);
    if (!parsed.ok) return this.reject(request, 'malformed-authorization');
    return parsed.value.scheme === 'basic'
      ? this.basic(request, parsed.value)
      : this.digest(request, parsed.value);
  }

  private async basic(
    request: AuthenticateCpeRequest,
    header: BasicAuthorization,
  ): Promise<AuthenticationResult> {
    if (!request.secure && !this.options.allowBasicOverHttp) {
      return this.reject(request, 'basic-not-allowed');
    }
    const candidates = await this.candidates(request, header.username);
    const match = candidates.find((entry) => constantTimeEqual(entry.password, header.password));
    return match ? authenticated(match, 'basic') : this.reject(request, 'bad-credentials');
  }

  private async digest(
    request: AuthenticateCpeRequest,
    header: DigestAuthorization,
  ): Promise<AuthenticationResult> {
    if (header.qop?.toLowerCase() !== 'auth') return this.reject(request, 'unsupported-digest');
    if (header.algorithm !== undefined && header.algorithm.toUpperCase() !== 'MD5') {
      return this.reject(request, 'unsupported-digest');
    }
    const nc = parseNonceCount(header.nc ?? '');
    if (nc === undefined || nc === 0) return this.reject(request, 'malformed-authorization');
    if (header.realm !== this.options.realm) return this.reject(request, 'realm-mismatch');
    if (!digestUriMatches(header.uri, request.uri)) return this.reject(request, 'uri-mismatch');
    // Some CPEs drop opaque from their answer; one that sends it must send ours.
    if (header.opaque !== undefined && !this.opaques.includes(header.opaque)) {
      return this.reject(request, 'opaque-mismatch');
    }
    const now = this.now();
    const nonce = verifyNonce(
      this.options.nonceKeys,
      this.options.realm,
      header.nonce,
      now,
      this.lifetimeMs,
    );
    if (nonce.status === 'invalid') return this.reject(request, 'invalid-nonce');

    const candidates = await this.candidates(request, header.username);
    const match = candidates.find((entry) =>
      digestResponsesEqual(
        computeDigestResponse({
          username: header.username,
          realm: header.realm,
          password: entry.password,
          method: request.method,
          uri: header.uri,
          nonce: header.nonce,
          nc: header.nc ?? '',
          cnonce: header.cnonce ?? '',
          qop: 'auth',
        }),
        header.response,
      ),
    );
    if (!match) return this.reject(request, 'bad-credentials');
    // RFC 7616: stale=true only when the response was right for the expired nonce, so the CPE
    // retries with the new nonce without asking anyone for a password.
    if (nonce.status === 'stale') {
      return { outcome: 'challenge', wwwAuthenticate: this.digestChallenge(true) };
    }
    // Counted only after the response checked out, so garbage cannot burn a CPE's counts.
    const fresh = await this.deps.nonceCounters.advance(header.nonce, nc, nonce.expiresAtMs - now);
    if (!fresh) return this.reject(request, 'replayed-nonce-count');
    return authenticated(match, 'digest');
  }

  private candidates(
    request: AuthenticateCpeRequest,
    username: string,
  ): Promise<readonly ExpectedCredentials[]> {
    return this.deps.credentials.find(
      request.deviceHint ? { username, device: request.deviceHint } : { username },
    );
  }

  private async reject(
    request: AuthenticateCpeRequest,
    reason: RejectionReason,
  ): Promise<AuthenticationResult> {
    const counted = COUNTED.has(reason);
    const blockedForMs = counted
      ? await this.deps.failures.recordFailure(request.source, this.limits)
      : 0;
    this.options.onEvent?.({
      type: 'auth-failed',
      reason,
      source: request.source,
      ...(request.deviceHint ? { deviceId: deviceIdOf(request.deviceHint) } : {}),
      counted,
      ...(blockedForMs > 0 ? { blockedForMs } : {}),
    });
    return { outcome: 'rejected', reason, wwwAuthenticate: this.challenge(request) };
  }

  private rateLimited(source: string, blockedMs: number): AuthenticationResult {
    const retryAfterSeconds = Math.max(1, Math.ceil(blockedMs / 1000));
    this.options.onEvent?.({ type: 'auth-rate-limited', source, retryAfterSeconds });
    return { outcome: 'rate-limited', retryAfterSeconds };
  }

  private challenge(request: AuthenticateCpeRequest): string {
    const basicAccepted = request.secure || this.options.allowBasicOverHttp === true;
    return this.options.challengeScheme === 'basic' && basicAccepted
      ? buildBasicChallenge(this.options.realm)
      : this.digestChallenge(false);
  }

  private digestChallenge(stale: boolean): string {
    const { realm, nonceKeys } = this.options;
    return buildDigestChallenge({
      realm,
      nonce: issueNonce(nonceKeys.current, realm, this.now(), this.random(NONCE_SALT_BYTES)),
      opaque: opaqueFor(nonceKeys.current, realm),
      stale,
    });
  }
}

function authenticated(
  entry: ExpectedCredentials,
  scheme: 'basic' | 'digest',
): AuthenticationResult {
  return {
    outcome: 'authenticated',
    username: entry.username,
    scheme,
    credentialsSource: entry.source,
  };
}
