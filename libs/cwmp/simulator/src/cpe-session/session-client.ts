import { decodeEnvelope } from '@acs/cwmp-codec';
import type {
  AcsRequest,
  CpeMessage,
  CwmpMessage,
  EventStruct,
  Fault,
  Inform,
  SoapHeader,
} from '@acs/cwmp-codec';
import { DeviceState, NO_ITEMS, OwedRequest } from '../model/device-state';
import { readParameter } from '../model/tree';
import { handleRpc } from '../rpc/dispatch';
import { Effect } from '../rpc/outcome';
import { Authenticator, parseChallenge } from './digest';
import { DeviceQuirks } from './quirks';
import { retryAfterMs } from './retry';
import { HttpReply, SessionConnection, TlsOptions, TransportError } from './transport';
import { CookieJar, encodeForWire } from './wire';

/** The device a session runs for: it reads and replaces `state` as RPCs change it. */
export interface SessionDevice {
  state: DeviceState;
  quirks: DeviceQuirks;
  /** Consecutive failed sessions so far (the Inform's RetryCount). */
  retryCount: number;
  /** The Digest challenge of the last session and the nc it reached, sent again preemptively. */
  keptDigest?: Authenticator;
}

export interface SessionOptions {
  acsUrl: string;
  username: string;
  password: string;
  requestTimeoutMs: number;
  tls?: TlsOptions;
  /** Most ACS requests answered in one session before the CPE gives up on a looping ACS. */
  maxRpcs?: number;
}

export type SessionFailure =
  | 'network'
  | 'timeout'
  | 'auth'
  | 'busy'
  | 'http-status'
  | 'acs-fault'
  | 'bad-response'
  | 'too-many-rpcs';

/**
 * What the ACS acknowledged in a session, whatever its outcome: each message of the device's that
 * the ACS answered (`Inform` answered by InformResponse, an own request by its response, an RPC
 * response by the next RPC or the empty answer), and the cookies the InformResponse set. An ACS
 * must never acknowledge what it did not make durable: these are what chaos runs reconcile.
 */
export interface SessionAcknowledgements {
  acknowledged: string[];
  /** When the InformResponse arrived (epoch ms): the moment the ACS took the Inform's events. */
  informAcknowledgedAt?: number;
  /** The Cookie header the device sent after the InformResponse (none when the ACS set none). */
  cookies?: string;
}

export type SessionResult = SessionAcknowledgements & {
  /** 401s the ACS answered in this session: 0 when a kept Digest nonce was accepted at once. */
  challenges: number;
} & (
    | { ok: true; rpcCount: number; durationMs: number; effects: Effect[]; events: EventStruct[] }
    | {
        ok: false;
        reason: SessionFailure;
        detail: string;
        /** From a 503's Retry-After. */
        retryAfterMs?: number;
        rpcCount: number;
        durationMs: number;
        effects: Effect[];
      }
  );

interface Received {
  /** A decoded message, or just the name of a method the codec does not know. */
  message: CwmpMessage | { type: string };
  header: SoapHeader;
}

class SessionFailed extends Error {
  constructor(
    readonly reason: SessionFailure,
    detail: string,
    readonly retryAfterMs?: number,
  ) {
    super(detail);
  }
}

export function buildInform(state: DeviceState, retryCount: number, now: Date): Inform {
  const profile = state.profile;
  // The Inform parameters, then parameters whose value change is being reported.
  const paths = [...profile.informParameters];
  for (const path of state.valueChanges) if (!paths.includes(path)) paths.push(path);
  const parameters = paths.flatMap((path) => {
    const value = readParameter(state, path);
    return value ? [value] : [];
  });
  return {
    type: 'Inform',
    deviceId: {
      ...profile.identity,
      // The simulator may give devices another ProductClass than the profile's.
      productClass: String(
        readParameter(state, profile.paths.productClass)?.value ?? profile.identity.productClass,
      ),
      serialNumber: state.serial,
    },
    events: state.pendingEvents.map((event) => ({ ...event })),
    maxEnvelopes: 1,
    currentTime: now.toISOString().replace(/\.\d+Z$/, 'Z'),
    retryCount,
    parameters,
  };
}

/**
 * Runs one CWMP session over HTTP(S): Inform (with every pending event), the device's own owed
 * requests (TransferComplete, DUStateChangeComplete) unless the ACS holds requests, then an empty
 * POST and an answer to each ACS request until the ACS sends an empty response (204). Cookies are
 * returned as set (unless the device never returns them); Basic and Digest challenges are answered.
 *
 * Events and answered own requests leave the device only when the session succeeds; RPCs change the device
 * as they are answered, as on a real CPE. The result lists the work left for after the session.
 */
export async function runSession(
  device: SessionDevice,
  options: SessionOptions,
): Promise<SessionResult> {
  const started = Date.now();
  const url = new URL(options.acsUrl);
  const connection = new SessionConnection(url, options.requestTimeoutMs, options.tls);
  const jar = new CookieJar();
  const effects: Effect[] = [];
  const quirks = device.quirks;
  let authenticator = quirks.noPreemptiveAuth ? undefined : device.keptDigest;
  if (!authenticator?.reusableFor(options.username, options.password)) authenticator = undefined;
  let challenges = 0;
  let rpcCount = 0;
  let sequence = 0;
  let inFlight: readonly EventStruct[] = [];
  let inFlightChanges: readonly string[] = [];
  const acknowledgements: SessionAcknowledgements = { acknowledged: [] };

  const send = async (message: CwmpMessage | undefined, header: SoapHeader): Promise<HttpReply> => {
    const wire = message ? encodeForWire(message, header, quirks) : undefined;
    const headers: Record<string, string> = {};
    if (wire) {
      headers['Content-Type'] = wire.contentType;
      headers['SOAPAction'] = '""';
    } else if (quirks.emptyPostContentType) headers['Content-Type'] = 'text/xml';
    if (!quirks.noCookies) {
      const cookie = jar.header();
      if (cookie) headers['Cookie'] = cookie;
    }
    const body = wire?.body ?? Buffer.alloc(0);
    const chunked = quirks.chunkedBodies && body.length > 0;
    const path = `${url.pathname}${url.search}`;
    if (authenticator) headers['Authorization'] = authenticator.header('POST', path);
    let reply = await connection.post(body, headers, chunked);
    jar.store(reply.headers['set-cookie']);
    if (reply.status === 401) {
      // Stale or not, a 401 to a kept nonce is answered like any challenge.
      challenges++;
      const challenge = parseChallenge(reply.headers['www-authenticate']);
      if (!challenge) throw new SessionFailed('auth', '401 without a Basic or Digest challenge');
      authenticator = new Authenticator(challenge, options.username, options.password);
      if (quirks.authOnNewConnection) connection.reconnect();
      headers['Authorization'] = authenticator.header('POST', path);
      if (!quirks.noCookies && jar.header()) headers['Cookie'] = jar.header() as string;
      reply = await connection.post(body, headers, chunked);
      jar.store(reply.headers['set-cookie']);
      if (reply.status === 401) {
        challenges++;
        throw new SessionFailed('auth', 'credentials refused');
      }
    }
    if (reply.status === 503) {
      throw new SessionFailed('busy', 'ACS answered 503', retryAfterMs(header503(reply)));
    }
    if (reply.status !== 200 && reply.status !== 204) {
      throw new SessionFailed('http-status', `ACS answered HTTP ${reply.status}`);
    }
    return reply;
  };

  const receive = (reply: HttpReply): Received | undefined => {
    if (reply.status === 204 || reply.body.toString('utf8').trim() === '') return undefined;
    const charset = /charset="?([^";]+)/i.exec(String(reply.headers['content-type'] ?? ''))?.[1];
    const decoded = decodeEnvelope(reply.body, { from: 'acs', ...(charset ? { charset } : {}) });
    if (!decoded.ok) {
      if (decoded.error.code === 'UNKNOWN_METHOD') {
        // A method this stack does not know: answered with 9000 like any unsupported method.
        const context = decoded.error.context;
        return { message: { type: context.method ?? 'Unknown' }, header: { id: context.id ?? '' } };
      }
      throw new SessionFailed('bad-response', `undecodable ACS envelope: ${decoded.error.message}`);
    }
    return { message: decoded.value.message, header: decoded.value.header };
  };

  try {
    const inform = buildInform(device.state, device.retryCount, new Date());
    const delivered = device.state.pendingEvents;
    // Events raised during the session (a Reboot's `1 BOOT`) are new ones, even when an event of
    // the same code is on its way in this Inform: they start a fresh pending list.
    inFlightChanges = device.state.valueChanges;
    device.state = { ...device.state, pendingEvents: NO_ITEMS, valueChanges: NO_ITEMS };
    inFlight = delivered;
    const owedAtStart = device.state.owedRequests;
    const informHeader: SoapHeader = { id: String(++sequence) };
    if (quirks.supportedCwmpVersions) {
      informHeader.supportedCwmpVersions = [...quirks.supportedCwmpVersions];
    }
    const informReply = receive(await send(inform, informHeader));
    if (!informReply) throw new SessionFailed('bad-response', 'empty answer to the Inform');
    if (informReply.message.type === 'Fault') {
      const code = (informReply.message as Fault).faultCode;
      throw new SessionFailed(
        code === 8005 ? 'busy' : 'acs-fault',
        `ACS fault ${code} to the Inform`,
      );
    }
    if (informReply.message.type !== 'InformResponse') {
      throw new SessionFailed(
        'bad-response',
        `expected InformResponse, got ${informReply.message.type}`,
      );
    }
    acknowledgements.acknowledged.push('Inform');
    acknowledgements.informAcknowledgedAt = Date.now();
    const cookies = jar.header();
    if (cookies) acknowledgements.cookies = cookies;
    let hold = informReply.header.holdRequests === true;
    const owed: OwedRequest[] = [...owedAtStart];
    const answered: OwedRequest[] = [];
    let outgoing: { message: CpeMessage; header: SoapHeader } | undefined;

    for (;;) {
      if (!outgoing && !hold && owed.length > 0) {
        const next = owed.shift() as OwedRequest;
        const reply = receive(await send(next, { id: String(++sequence) }));
        if (reply?.message.type === `${next.type}Response`)
          acknowledgements.acknowledged.push(next.type);
        if (reply?.message.type === `${next.type}Response` || reply?.message.type === 'Fault') {
          // A fault ends that one request; 8005 (retry request) keeps it for the next session.
          if (reply.message.type !== 'Fault' || (reply.message as Fault).faultCode !== 8005) {
            answered.push(next);
          }
          hold = reply.header.holdRequests === true;
          continue;
        }
        throw new SessionFailed(
          'bad-response',
          `expected ${next.type}Response, got ${reply?.message.type ?? 'nothing'}`,
        );
      }
      const reply = receive(await send(outgoing?.message, outgoing?.header ?? {}));
      if (outgoing) acknowledgements.acknowledged.push(outgoing.message.type);
      outgoing = undefined;
      if (!reply) {
        // An empty response ends the session, unless HoldRequests kept our own requests back:
        // the hold applies to one envelope only, so they go now.
        hold = false;
        if (owed.length > 0) continue;
        break;
      }
      hold = reply.header.holdRequests === true;
      if (++rpcCount > (options.maxRpcs ?? 1000))
        throw new SessionFailed('too-many-rpcs', 'ACS keeps sending requests');
      if (quirks.answerDelayMs > 0) {
        await new Promise((resolve) => setTimeout(resolve, quirks.answerDelayMs));
      }
      const outcome = handleRpc(device.state, reply.message as AcsRequest | { type: string });
      device.state = outcome.state;
      effects.push(...outcome.effects);
      outgoing = { message: outcome.reply, header: { id: reply.header.id ?? '' } };
    }

    if (answered.length > 0) {
      const owedStill = device.state.owedRequests.filter((request) => !answered.includes(request));
      device.state = { ...device.state, owedRequests: owedStill.length > 0 ? owedStill : NO_ITEMS };
    }
    inFlight = [];
    inFlightChanges = [];
    return {
      ...acknowledgements,
      challenges,
      ok: true,
      rpcCount,
      durationMs: Date.now() - started,
      effects,
      events: [...delivered],
    };
  } catch (error) {
    // Undelivered events stay pending, ahead of those raised meanwhile.
    device.state = {
      ...device.state,
      pendingEvents: mergeEvents(inFlight, device.state.pendingEvents),
      valueChanges: [
        ...inFlightChanges,
        ...device.state.valueChanges.filter((path) => !inFlightChanges.includes(path)),
      ],
    };
    const failure =
      error instanceof SessionFailed
        ? error
        : error instanceof TransportError
          ? new SessionFailed(error.reason, error.message)
          : new SessionFailed(
              'bad-response',
              error instanceof Error ? error.message : String(error),
            );
    return {
      ...acknowledgements,
      challenges,
      ok: false,
      reason: failure.reason,
      detail: failure.message,
      ...(failure.retryAfterMs !== undefined ? { retryAfterMs: failure.retryAfterMs } : {}),
      rpcCount,
      durationMs: Date.now() - started,
      effects,
    };
  } finally {
    connection.close();
    if (!quirks.noPreemptiveAuth && authenticator?.reusableFor(options.username, options.password))
      device.keptDigest = authenticator;
  }
}

function header503(reply: HttpReply): string | undefined {
  const value = reply.headers['retry-after'];
  return Array.isArray(value) ? value[0] : value;
}

function mergeEvents(first: readonly EventStruct[], then: readonly EventStruct[]): EventStruct[] {
  const merged = [...first];
  for (const event of then) {
    const known = merged.some(
      (kept) => kept.eventCode === event.eventCode && kept.commandKey === event.commandKey,
    );
    if (!known) merged.push(event);
  }
  return merged;
}
