import type { CpeRequestEvent, SessionClosed, SessionCloseReason } from '@acs/contracts';
import type { KnownDevice, Learned } from './model';

/** Session endings that say something is wrong with the device (or its link), kept as faults. */
const FAULTY_ENDINGS: Readonly<Partial<Record<SessionCloseReason, string>>> = {
  timeout: 'session-timeout',
};

/**
 * A closed session is recorded; a timeout also raises a device fault, counted by the store per
 * code. Other endings (completed, taken over, the ACS with nothing more to ask) are the device's
 * or the platform's normal life.
 */
export function learnFromSessionClosed(event: SessionClosed, known: KnownDevice | null): Learned {
  if (!known) return { update: null, lifecycle: [] };
  const code = FAULTY_ENDINGS[event.reason];
  return {
    update: {
      eventId: event.eventId,
      deviceId: event.deviceId,
      occurredAt: event.occurredAt,
      addEvents: [
        {
          eventId: event.eventId,
          deviceId: event.deviceId,
          occurredAt: event.occurredAt,
          kind: 'session-closed',
          detail: {
            sessionId: event.sessionId,
            reason: event.reason,
            durationMs: event.durationMs,
            rpcCount: event.rpcCount,
          },
        },
      ],
      ...(code && {
        addFaults: [
          {
            faultId: `${event.eventId}:fault`,
            deviceId: event.deviceId,
            code,
            message: `session ${event.sessionId} ended by ${event.reason} after ${event.durationMs} ms and ${event.rpcCount} answered RPCs`,
            source: 'session',
            occurredAt: event.occurredAt,
          },
        ],
      }),
    },
    lifecycle: [],
  };
}

/**
 * A request the CPE made in its session (TransferComplete, RequestDownload, Kicked, ...) is
 * recorded; what it means for firmware or tasks is for the modules that own those.
 */
export function learnFromCpeRequest(event: CpeRequestEvent, known: KnownDevice | null): Learned {
  if (!known) return { update: null, lifecycle: [] };
  return {
    update: {
      eventId: event.eventId,
      deviceId: event.deviceId,
      occurredAt: event.occurredAt,
      addEvents: [
        {
          eventId: event.eventId,
          deviceId: event.deviceId,
          occurredAt: event.occurredAt,
          kind: 'cpe-request',
          detail: {
            sessionId: event.sessionId,
            request: event.request.type,
            // Transfers and DU changes are correlated by the CommandKey the ACS gave.
            ...('commandKey' in event.request && { commandKey: event.request.commandKey }),
          },
        },
      ],
    },
    lifecycle: [],
  };
}
