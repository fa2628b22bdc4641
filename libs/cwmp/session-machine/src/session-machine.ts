import {
  ACS_REQUEST_TYPES,
  CPE_REQUEST_TYPES,
  faultOf,
  type AcsMessage,
  type AcsRequest,
  type AcsResponse,
  type CpeMessage,
  type CpeRequest,
  type Fault,
  type Inform,
} from '@acs/cwmp-codec';

/**
 * The CWMP session after its Inform, as pure functions: (state, what the CPE sent) → (state,
 * events to publish, what to answer). The gateway does the I/O around it: publish the events and
 * wait for the broker's ack, then answer; or fetch the next outbox entry and feed it back here.
 */
export interface SessionState {
  rpcCount: number;
  /** The ACS request the CPE still has to answer. */
  outstanding: {
    rpcId: string;
    method: AcsRequest['type'];
    cwmpId: string;
    request: AcsRequest;
  } | null;
}

/** Events in the order they must be published, before the answer goes out. */
export type SessionEventDraft =
  | { type: 'CpeRequest'; request: Exclude<CpeRequest, { type: 'Inform' }> }
  | {
      type: 'RpcResult';
      rpcId: string;
      method: string;
      /** What was asked: an answer like SetParameterValuesResponse means little without it. */
      request: AcsRequest;
      result:
        | { kind: 'response'; response: Exclude<CpeMessage, CpeRequest | Fault> }
        | { kind: 'fault'; fault: Fault };
    };

export type CpeInput =
  /** An empty POST (or whitespace only): the CPE has nothing more to say. */
  | { kind: 'empty' }
  /** Never an Inform: that opens a new session, taking over this one (the gateway's OpenSession). */
  | { kind: 'message'; message: Exclude<CpeMessage, Inform>; cwmpId: string };

export type Step =
  /** Publish the events, then answer the CPE's request with `reply` (echoing its cwmp:ID). */
  | { kind: 'answer'; state: SessionState; events: SessionEventDraft[]; reply: AcsResponse | Fault }
  /** Publish the events, then send the CPE whatever the outbox holds next (see `onOutboxEntry`). */
  | { kind: 'next-from-outbox'; state: SessionState; events: SessionEventDraft[] };

/** The methods this ACS answers, for a CPE's GetRPCMethods. */
export const ACS_METHODS: readonly string[] = CPE_REQUEST_TYPES;

const ANSWERS_TO_CPE_REQUESTS: ReadonlySet<string> = new Set(CPE_REQUEST_TYPES);
const ACS_REQUESTS: ReadonlySet<string> = new Set(ACS_REQUEST_TYPES);

export const NEW_SESSION: SessionState = { rpcCount: 0, outstanding: null };

export function onCpeInput(state: SessionState, input: CpeInput): Step {
  if (input.kind === 'empty') {
    // A CPE that posts nothing while an RPC is outstanding will never answer it: record that.
    const events: SessionEventDraft[] = state.outstanding
      ? [noAnswer(state.outstanding, 'the CPE ended its turn without answering')]
      : [];
    return { kind: 'next-from-outbox', state: { ...state, outstanding: null }, events };
  }
  const message = input.message;
  if (ANSWERS_TO_CPE_REQUESTS.has(message.type)) {
    const request = message as Exclude<CpeRequest, { type: 'Inform' }>;
    return {
      kind: 'answer',
      state,
      events: [{ type: 'CpeRequest', request }],
      reply: answerTo(request),
    };
  }
  if (!state.outstanding) {
    // A stray response (a retransmission, or an answer to a request of a taken-over session):
    // nothing waits for it; go on as if the CPE had posted nothing.
    return { kind: 'next-from-outbox', state, events: [] };
  }
  const { rpcId, method, request } = state.outstanding;
  const result: Extract<SessionEventDraft, { type: 'RpcResult' }>['result'] =
    message.type === 'Fault'
      ? { kind: 'fault', fault: message }
      : { kind: 'response', response: message as Exclude<CpeMessage, CpeRequest | Fault> };
  return {
    kind: 'next-from-outbox',
    state: { rpcCount: state.rpcCount + 1, outstanding: null },
    events: [{ type: 'RpcResult', rpcId, method, request, result }],
  };
}

export type OutboxStep =
  /** Send `request` with the new cwmp:ID the gateway chose. */
  | { kind: 'send'; state: SessionState; request: AcsRequest }
  /** Answer 204: the session is over. */
  | { kind: 'end'; state: SessionState };

/** What to send after provisioning's next outbox entry (or END); null when there was none in time. */
export function onOutboxEntry(
  state: SessionState,
  entry: { kind: 'rpc'; rpcId: string; request: AcsRequest } | { kind: 'end' } | null,
  cwmpId: string,
): OutboxStep {
  if (entry === null || entry.kind === 'end') return { kind: 'end', state };
  if (!ACS_REQUESTS.has(entry.request.type)) {
    throw new Error(`outbox entry ${entry.rpcId} is not an ACS request: ${entry.request.type}`);
  }
  return {
    kind: 'send',
    state: {
      ...state,
      outstanding: {
        rpcId: entry.rpcId,
        method: entry.request.type,
        cwmpId,
        request: entry.request,
      },
    },
    request: entry.request,
  };
}

/** The ACS's answer to each CPE request. TransferComplete is answered whatever its CommandKey. */
function answerTo(
  request: Exclude<CpeRequest, { type: 'Inform' }>,
): AcsMessage & (AcsResponse | Fault) {
  switch (request.type) {
    case 'GetRPCMethods':
      return { type: 'GetRPCMethodsResponse', methods: [...ACS_METHODS] };
    case 'Kicked':
      // The ACS has no page of its own to send the user to: continue where the CPE said.
      return { type: 'KickedResponse', nextUrl: request.next };
    case 'TransferComplete':
    case 'AutonomousTransferComplete':
    case 'RequestDownload':
    case 'DUStateChangeComplete':
    case 'AutonomousDUStateChangeComplete':
      return { type: `${request.type}Response` } as AcsResponse;
  }
}

function noAnswer(
  outstanding: NonNullable<SessionState['outstanding']>,
  why: string,
): SessionEventDraft {
  return {
    type: 'RpcResult',
    rpcId: outstanding.rpcId,
    method: outstanding.method,
    request: outstanding.request,
    result: { kind: 'fault', fault: faultOf(9002, `no answer: ${why}`) },
  };
}
