import { Static, Type } from '@sinclair/typebox';
import {
  CpeRequestMessageSchema,
  AcsRequestMessageSchema,
  CpeResponseMessageSchema,
  CwmpVersionSchema,
  FaultSchema,
  InformSchema,
} from '../cwmp-schemas';
import { discriminatedValidatorFor, Validated } from '../validation';

/**
 * Events on `cwmp.session-events`, keyed by device id: what happened in one CPE session, in order.
 * Consumers are idempotent by `eventId` (a redelivered event changes nothing).
 */
const eventBase = {
  schemaVersion: Type.Literal(1),
  /** Unique per event; the idempotency key of every consumer. */
  eventId: Type.String({ minLength: 1 }),
  deviceId: Type.String({ minLength: 1 }),
  /** Unique per CWMP session (a takeover starts a new one). */
  sessionId: Type.String({ minLength: 1 }),
  /** ISO 8601 time at the gateway. */
  occurredAt: Type.String({ minLength: 20 }),
  /** The gateway pod that handled the request; sessions may move between pods. */
  gatewayPod: Type.String(),
};

export const SessionOpenedSchema = Type.Object({
  ...eventBase,
  type: Type.Literal('SessionOpened'),
  /** The CWMP version in use after negotiation, and the namespace the CPE writes. */
  cwmpVersion: CwmpVersionSchema,
  namespace: Type.String(),
  remoteAddress: Type.String(),
  inform: InformSchema,
  /**
   * Added in session-events 1.1 (optional, so 1.0 gateways and consumers interoperate; nothing
   * else changed): how the CPE authenticated this session. `none` when the gateway runs without
   * CPE authentication (CWMP_AUTH=none). Inventory's security posture reads it.
   */
  cpeAuthentication: Type.Optional(
    Type.Union([Type.Literal('none'), Type.Literal('basic'), Type.Literal('digest')]),
  ),
});

export const CpeRequestEventSchema = Type.Object({
  ...eventBase,
  type: Type.Literal('CpeRequest'),
  request: CpeRequestMessageSchema,
});

export const RpcResultSchema = Type.Object({
  ...eventBase,
  type: Type.Literal('RpcResult'),
  /** The outbox entry's id: correlates the result with the request provisioning queued. */
  rpcId: Type.String({ minLength: 1 }),
  /** The ACS method that was called, e.g. `SetParameterValues`. */
  method: Type.String({ minLength: 1 }),
  /**
   * The request the CPE answered, as the outbox held it (the gateway always sets it). A
   * SetParameterValuesResponse or AddObjectResponse means little without the request.
   */
  request: Type.Optional(AcsRequestMessageSchema),
  result: Type.Union([
    Type.Object({ kind: Type.Literal('response'), response: CpeResponseMessageSchema }),
    Type.Object({ kind: Type.Literal('fault'), fault: FaultSchema }),
  ]),
});

/**
 * Why a session ended: only what the gateway emits. A request it cannot read (400, fault 8000)
 * leaves the session open, and a pod that stops leaves its sessions to the others' timeout
 * sweep, so neither has a reason of its own.
 */
export const SESSION_CLOSE_REASONS = [
  /** The ACS sent END and the exchange finished with 204. */
  'completed',
  /** The CPE fell silent for longer than the session timeout. */
  'timeout',
  /** A new Inform from the same device opened a new session. */
  'taken-over',
  /** Provisioning gave no next step within the gateway's wait: the session ended with 204. */
  'acs-timeout',
] as const;

export const SessionClosedSchema = Type.Object({
  ...eventBase,
  type: Type.Literal('SessionClosed'),
  reason: Type.Union(SESSION_CLOSE_REASONS.map((reason) => Type.Literal(reason))),
  durationMs: Type.Integer({ minimum: 0 }),
  /** ACS RPCs the CPE answered in the session. */
  rpcCount: Type.Integer({ minimum: 0 }),
});

export const SessionEventSchema = Type.Union([
  SessionOpenedSchema,
  CpeRequestEventSchema,
  RpcResultSchema,
  SessionClosedSchema,
]);

export type SessionOpened = Static<typeof SessionOpenedSchema>;
export type CpeRequestEvent = Static<typeof CpeRequestEventSchema>;
export type RpcResult = Static<typeof RpcResultSchema>;
export type SessionClosed = Static<typeof SessionClosedSchema>;
export type SessionCloseReason = (typeof SESSION_CLOSE_REASONS)[number];
export type SessionEvent = Static<typeof SessionEventSchema>;

export const validateSessionEvent = discriminatedValidatorFor('type', {
  SessionOpened: SessionOpenedSchema,
  CpeRequest: CpeRequestEventSchema,
  RpcResult: RpcResultSchema,
  SessionClosed: SessionClosedSchema,
}) as (value: unknown) => Validated<SessionEvent>;
