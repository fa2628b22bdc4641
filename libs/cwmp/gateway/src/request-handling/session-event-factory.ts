import { randomUUID } from 'crypto';
import type { Inform } from '@acs/cwmp-codec';
import type {
  CpeRequestEvent,
  RpcResult,
  SessionClosed,
  SessionCloseReason,
  SessionEvent,
  SessionOpened,
} from '@acs/contracts';
import type { SessionEventDraft } from '@acs/cwmp-session-machine';
import type { SessionRecord } from '@acs/session-store';

/** Turns what happened in a session into `cwmp.session-events` messages with ids and times. */
export class SessionEventFactory {
  constructor(
    private readonly podId: string,
    private readonly now: () => number = Date.now,
  ) {}

  opened(
    record: SessionRecord,
    inform: Inform,
    remoteAddress: string,
    cpeAuthentication: SessionOpened['cpeAuthentication'],
  ): SessionOpened {
    return {
      ...this.base(record),
      type: 'SessionOpened',
      cwmpVersion: record.cwmpVersion,
      namespace: record.namespace,
      remoteAddress,
      inform,
      cpeAuthentication,
    };
  }

  fromDraft(record: SessionRecord, draft: SessionEventDraft): CpeRequestEvent | RpcResult {
    if (draft.type === 'CpeRequest') {
      return { ...this.base(record), type: 'CpeRequest', request: draft.request };
    }
    return {
      ...this.base(record),
      type: 'RpcResult',
      rpcId: draft.rpcId,
      method: draft.method,
      request: draft.request,
      result: draft.result,
    } as RpcResult;
  }

  closed(record: SessionRecord, reason: SessionCloseReason): SessionClosed {
    return {
      ...this.base(record),
      type: 'SessionClosed',
      reason,
      durationMs: Math.max(0, this.now() - record.openedAt),
      rpcCount: record.rpcCount,
    };
  }

  private base(record: SessionRecord): Omit<SessionEvent, 'type'> & { schemaVersion: 1 } {
    return {
      schemaVersion: 1,
      eventId: randomUUID(),
      deviceId: record.deviceId,
      sessionId: record.sessionId,
      occurredAt: new Date(this.now()).toISOString(),
      gatewayPod: this.podId,
    };
  }
}
