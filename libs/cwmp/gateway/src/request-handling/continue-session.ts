import { randomBytes } from 'crypto';
import { DEFAULT_ENCODE_OPTIONS, encodeEnvelope, faultOf, type AcsMessage } from '@acs/cwmp-codec';
import type { OutboxEntry, SessionEvent } from '@acs/contracts';
import {
  onCpeInput,
  onOutboxEntry,
  type CpeInput,
  type SessionState,
} from '@acs/cwmp-session-machine';
import type { SessionRecord } from '@acs/session-store';
import { GatewayError } from '../errors/gateway-error';
import { parseCookies } from '../http/cookies';
import { CwmpHttpRequest, HttpAnswer, xmlAnswer } from '../http/http-answer';
import type { GatewayMetrics } from '../metrics/gateway-metrics';
import type { Admission } from './admission';
import type { SessionDependencies } from './dependencies';
import type { SessionEventFactory } from './session-event-factory';
import { decodeSessionCookie } from './session-reference';
import { SessionSettings, storeTtlMs } from './session-settings';

/**
 * Every request of a session after its Inform: the CPE's own requests, its answers to ACS RPCs,
 * and empty POSTs. Events are published (and acknowledged) before the CPE hears back; then the
 * session's next step comes from the outbox that provisioning writes.
 */
export class ContinueSession {
  constructor(
    private readonly deps: SessionDependencies,
    private readonly admission: Admission,
    private readonly events: SessionEventFactory,
    private readonly metrics: GatewayMetrics,
    private readonly settings: SessionSettings,
    private readonly now: () => number = Date.now,
  ) {}

  async execute(request: CwmpHttpRequest, input: CpeInput): Promise<HttpAnswer> {
    const record = await this.locate(request);
    const state: SessionState = { rpcCount: record.rpcCount, outstanding: record.outstanding };
    const step = onCpeInput(state, input);
    const events: SessionEvent[] = step.events.map((draft) => this.events.fromDraft(record, draft));
    this.countResults(record, events);

    if (step.kind === 'answer') {
      try {
        await this.deps.publish(events);
      } catch (error) {
        if (!(error instanceof GatewayError)) throw error;
        // Not recorded, so not acknowledged: 8005 asks the CPE to send it again later.
        return this.reply(record, input, faultOf(8005), 500);
      }
      await this.keep({ ...record, ...step.state });
      this.metrics.rpcs.inc({
        method: events[0]?.type === 'CpeRequest' ? events[0].request.type : 'unknown',
        outcome: 'answered',
      });
      return this.reply(record, input, step.reply, step.reply.type === 'Fault' ? 500 : 200);
    }

    await this.deps.publish(events);
    const { kept: waiting, entry } = await this.keepAndWait({ ...record, ...step.state });
    const cwmpId = randomBytes(6).toString('hex');
    const next = onOutboxEntry(step.state, toMachineEntry(entry), cwmpId);
    if (next.kind === 'send') {
      const sentAt = this.now();
      const outstanding = next.state.outstanding ? { ...next.state.outstanding, sentAt } : null;
      await this.keep({ ...waiting, ...next.state, outstanding });
      const encoding = entry?.kind === 'rpc' ? entry.encoding : undefined;
      const body = encodeEnvelope(
        { namespace: record.namespace, header: { id: cwmpId }, message: next.request },
        encoding ? { ...DEFAULT_ENCODE_OPTIONS, ...encoding } : DEFAULT_ENCODE_OPTIONS,
      );
      return xmlAnswer(body);
    }
    return this.end({ ...waiting, ...next.state }, entry ? 'completed' : 'acs-timeout');
  }

  /** The session the request belongs to: by cookie, or by client address for cookie-less CPEs. */
  private async locate(request: CwmpHttpRequest): Promise<SessionRecord> {
    const reference = decodeSessionCookie(
      parseCookies(request.cookieHeader).get(this.settings.cookieName),
    );
    if (reference) {
      const record = await this.deps.get(reference.deviceId);
      if (record?.sessionId === reference.sessionId) return record;
      throw new GatewayError('SESSION_GONE', 'the session has ended: start again with an Inform');
    }
    if (this.settings.cookielessFallback === 'client-address') {
      const deviceId = await this.deps.clientDevice(request.remoteAddress);
      const record = deviceId ? await this.deps.get(deviceId) : null;
      if (record) return record;
    }
    throw new GatewayError('NO_SESSION', 'no session: a CWMP session starts with an Inform');
  }

  /** Saves the session as served by this pod, renewing its silence deadline. */
  private async keep(record: SessionRecord): Promise<SessionRecord> {
    const { kept, ttl } = this.renewal(record, 0);
    if (!(await this.deps.save(kept, ttl))) throw sessionGone();
    this.admission.touch(kept.sessionId, kept.expiresAt);
    return kept;
  }

  /**
   * As `keep`, with the deadline pushed back by the outbox wait, then the session's next outbox
   * entry: one Redis round trip when provisioning has already written it.
   */
  private async keepAndWait(
    record: SessionRecord,
  ): Promise<{ kept: SessionRecord; entry: OutboxEntry | null }> {
    const waitMs = this.settings.outboxWaitMs;
    const { kept, ttl } = this.renewal(record, waitMs);
    const renewed = await this.deps.saveAndNext(kept, ttl, waitMs);
    if (!renewed.saved) throw sessionGone();
    this.admission.touch(kept.sessionId, kept.expiresAt);
    return { kept, entry: await renewed.next() };
  }

  private renewal(record: SessionRecord, extraMs: number): { kept: SessionRecord; ttl: number } {
    const kept = {
      ...record,
      podId: this.settings.podId,
      expiresAt: this.now() + record.timeoutMs + extraMs,
    };
    return { kept, ttl: storeTtlMs(this.settings, record.timeoutMs) + extraMs };
  }

  private async end(
    record: SessionRecord,
    reason: 'completed' | 'acs-timeout',
  ): Promise<HttpAnswer> {
    await this.deps.publish([this.events.closed(record, reason)]);
    await this.deps.close(record.deviceId, record.sessionId);
    this.admission.end(record.sessionId);
    this.metrics.sessionsClosed.inc({ reason });
    this.metrics.sessionDuration.observe((this.now() - record.openedAt) / 1000);
    return { status: 204, headers: {}, body: null };
  }

  private reply(
    record: SessionRecord,
    input: CpeInput,
    message: AcsMessage,
    status: number,
  ): HttpAnswer {
    const id = input.kind === 'message' ? input.cwmpId : '';
    const body = encodeEnvelope({ namespace: record.namespace, header: { id }, message });
    return { ...xmlAnswer(body), status };
  }

  private countResults(record: SessionRecord, events: SessionEvent[]): void {
    for (const event of events) {
      if (event.type !== 'RpcResult') continue;
      this.metrics.rpcs.inc({ method: event.method, outcome: event.result.kind });
      const sentAt = record.outstanding?.sentAt;
      if (sentAt !== undefined) {
        this.metrics.rpcRoundTrip.observe({ method: event.method }, (this.now() - sentAt) / 1000);
      }
    }
  }
}

function sessionGone(): GatewayError {
  return new GatewayError('SESSION_GONE', 'the session was taken over or timed out');
}

function toMachineEntry(entry: OutboxEntry | null): Parameters<typeof onOutboxEntry>[1] {
  if (entry === null) return null;
  return entry.kind === 'end'
    ? { kind: 'end' }
    : { kind: 'rpc', rpcId: entry.rpcId, request: entry.request };
}
