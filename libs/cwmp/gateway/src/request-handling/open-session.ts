import { randomUUID } from 'crypto';
import {
  checkMessage,
  encodeEnvelope,
  faultOf,
  negotiateVersion,
  type Envelope,
  type Inform,
} from '@acs/cwmp-codec';
import { deviceIdOf, type SessionEvent, type SessionOpened } from '@acs/contracts';
import type { AuthenticationResult, AuthenticateCpeRequest } from '@acs/cpe-auth';
import type { SessionRecord } from '@acs/session-store';
import { GatewayError } from '../errors/gateway-error';
import { setCookie } from '../http/cookies';
import { CwmpHttpRequest, HttpAnswer, xmlAnswer } from '../http/http-answer';
import { informEventLabel, type GatewayMetrics } from '../metrics/gateway-metrics';
import type { Admission } from './admission';
import type { SessionDependencies } from './dependencies';
import type { SessionEventFactory } from './session-event-factory';
import { encodeSessionCookie } from './session-reference';
import { SessionSettings, storeTtlMs } from './session-settings';

type CpeAuthentication = NonNullable<SessionOpened['cpeAuthentication']>;

export interface CpeAuthenticator {
  execute(request: AuthenticateCpeRequest): Promise<AuthenticationResult>;
}

/**
 * An Inform opens a session (taking over any the device still had open): authenticate, claim
 * the device in the session store, publish SessionOpened and answer InformResponse only once
 * the broker acknowledged it. No ack, no InformResponse: the CPE retries later.
 */
export class OpenSession {
  constructor(
    private readonly deps: SessionDependencies,
    /** Null when the operator chose CWMP_AUTH=none (labs only): every Inform is let in. */
    private readonly authenticator: CpeAuthenticator | null,
    private readonly admission: Admission,
    private readonly events: SessionEventFactory,
    private readonly metrics: GatewayMetrics,
    private readonly settings: SessionSettings,
    private readonly now: () => number = Date.now,
  ) {}

  async execute(request: CwmpHttpRequest, envelope: Envelope<Inform>): Promise<HttpAnswer> {
    const inform = envelope.message;
    const problems = checkMessage(inform).filter((problem) => problem.severity === 'error');
    if (problems.length > 0) {
      throw new GatewayError(
        'MALFORMED_REQUEST',
        `Inform refused: ${problems.map((p) => `${p.field}: ${p.problem}`).join('; ')}`,
      );
    }
    const seat = this.admission.reserve();
    if (!seat) {
      const cause = this.admission.isDraining ? 'draining' : 'budget';
      this.metrics.admissionRejections.inc({ cause });
      throw new GatewayError(
        cause === 'draining' ? 'DRAINING' : 'OVERLOADED',
        cause === 'draining' ? 'shutting down: try another pod' : 'too many sessions in flight',
        { retryAfterSeconds: this.admission.retryAfterSeconds() },
      );
    }
    try {
      const authentication = await this.authenticate(request, inform);
      const version = negotiateVersion(envelope.header, envelope.namespace);
      if (!version.ok) {
        seat.release();
        return this.fault(envelope, 8006);
      }
      const record = await this.open(request, envelope, version.version, authentication);
      seat.commit(record.sessionId, record.expiresAt);
      this.metrics.sessionsOpened.inc();
      for (const event of inform.events) {
        this.metrics.informs.inc({ event: informEventLabel(event.eventCode) });
      }
      const reply = encodeEnvelope({
        namespace: envelope.namespace,
        header: {
          id: envelope.header.id ?? '',
          ...(version.announce ? { useCwmpVersion: version.version } : {}),
        },
        message: { type: 'InformResponse', maxEnvelopes: 1 },
      });
      const cookie = encodeSessionCookie(record);
      return xmlAnswer(reply, {
        'set-cookie': setCookie(this.settings.cookieName, cookie, this.settings.cookiePath),
      });
    } catch (error) {
      seat.release();
      throw error;
    }
  }

  private async authenticate(request: CwmpHttpRequest, inform: Inform): Promise<CpeAuthentication> {
    if (!this.authenticator) return 'none';
    const authenticator = this.authenticator;
    const result = await this.deps.redis('authenticate', () =>
      authenticator.execute({
        authorizationHeader: request.authorization,
        method: request.method,
        uri: request.uri,
        source: request.remoteAddress,
        secure: request.secure,
        deviceHint: inform.deviceId,
      }),
    );
    switch (result.outcome) {
      case 'authenticated':
        return result.scheme;
      case 'challenge':
        throw new GatewayError('UNAUTHENTICATED', 'credentials required', {
          wwwAuthenticate: result.wwwAuthenticate,
        });
      case 'rejected':
        this.metrics.authFailures.inc({ reason: result.reason });
        throw new GatewayError('UNAUTHENTICATED', `credentials refused: ${result.reason}`, {
          wwwAuthenticate: result.wwwAuthenticate,
        });
      case 'rate-limited':
        this.metrics.authFailures.inc({ reason: 'rate-limited' });
        throw new GatewayError('AUTH_RATE_LIMITED', 'too many authentication failures', {
          retryAfterSeconds: result.retryAfterSeconds,
        });
    }
  }

  private async open(
    request: CwmpHttpRequest,
    envelope: Envelope<Inform>,
    cwmpVersion: SessionRecord['cwmpVersion'],
    authentication: CpeAuthentication,
  ): Promise<SessionRecord> {
    const now = this.now();
    // A CPE that announces a longer SessionTimeout (CWMP 1.3) gets it; never less than configured.
    const timeoutMs = Math.max(
      this.settings.sessionTimeoutMs,
      (envelope.header.sessionTimeout ?? 0) * 1000,
    );
    const record: SessionRecord = {
      sessionId: randomUUID(),
      deviceId: deviceIdOf(envelope.message.deviceId),
      podId: this.settings.podId,
      cwmpVersion,
      namespace: envelope.namespace,
      openedAt: now,
      expiresAt: now + timeoutMs,
      timeoutMs,
      rpcCount: 0,
      outstanding: null,
    };
    const ttl = storeTtlMs(this.settings, timeoutMs);
    // The client binding goes in the same round trip: should the session not open after all, it
    // names a device with no session, which a cookie-less request finds out as it would without.
    const [{ replaced }] = await Promise.all([
      this.deps.open(record, ttl),
      this.settings.cookielessFallback === 'client-address'
        ? this.deps.bindClient(request.remoteAddress, record.deviceId, ttl)
        : undefined,
    ]);
    const events: SessionEvent[] = [
      this.events.opened(record, envelope.message, request.remoteAddress, authentication),
    ];
    // The CPE restarted its session (rebooted, or retried after losing ours): the old one ends.
    if (replaced) events.unshift(this.events.closed(replaced, 'taken-over'));
    try {
      await this.deps.publish(events);
    } catch (error) {
      // Not acknowledged, so not open: free the device for the CPE's retry.
      await this.deps.close(record.deviceId, record.sessionId).catch(() => undefined);
      throw error;
    }
    if (replaced) {
      this.admission.end(replaced.sessionId);
      this.metrics.sessionsClosed.inc({ reason: 'taken-over' });
    }
    return record;
  }

  private fault(envelope: Envelope<Inform>, code: number): HttpAnswer {
    const body = encodeEnvelope({
      namespace: envelope.namespace,
      header: { id: envelope.header.id ?? '' },
      message: faultOf(code),
    });
    return { ...xmlAnswer(body), status: 500 };
  }
}
