import {
  decodeEnvelope,
  encodeEnvelope,
  faultOf,
  type CpeMessage,
  type Envelope,
  type Inform,
} from '@acs/cwmp-codec';
import { GatewayError } from '../errors/gateway-error';
import { CwmpHttpRequest, HttpAnswer, xmlAnswer } from '../http/http-answer';
import type { ContinueSession } from './continue-session';
import type { OpenSession } from './open-session';

export interface DecodeFailureLog {
  (failure: { code: string; message: string; remoteAddress: string }): void;
}

/**
 * One CPE request, whatever it is: an Inform opens a session (stale cookies ignored), anything
 * else continues the session it belongs to. A method the ACS does not know gets fault 8000;
 * a body that is not CWMP gets 400 and nothing is published.
 */
export class HandleCwmpRequest {
  constructor(
    private readonly openSession: OpenSession,
    private readonly continueSession: ContinueSession,
    private readonly onDecodeFailure: DecodeFailureLog = () => undefined,
  ) {}

  async execute(request: CwmpHttpRequest): Promise<HttpAnswer> {
    if (isBlank(request.body)) return this.continueSession.execute(request, { kind: 'empty' });
    const decoded = decodeEnvelope(request.body, {
      from: 'cpe',
      charset: charsetOf(request.contentType),
    });
    if (!decoded.ok) {
      const { error } = decoded;
      this.onDecodeFailure({
        code: error.code,
        message: error.message,
        remoteAddress: request.remoteAddress,
      });
      if (error.code === 'UNKNOWN_METHOD' || error.code === 'WRONG_DIRECTION') {
        const body = encodeEnvelope({
          namespace: error.context.namespace,
          header: { id: error.context.id ?? '' },
          message: faultOf(8000),
        });
        return { ...xmlAnswer(body), status: 500 };
      }
      if (error.code === 'TOO_LARGE') throw new GatewayError('BODY_TOO_LARGE', error.message);
      throw new GatewayError(
        'MALFORMED_REQUEST',
        `not a CWMP envelope: ${error.code}: ${error.message}`,
      );
    }
    const envelope = decoded.value;
    if (envelope.message.type === 'Inform') {
      return this.openSession.execute(request, envelope as Envelope<Inform>);
    }
    return this.continueSession.execute(request, {
      kind: 'message',
      // Decoded with from: 'cpe', so only CPE messages get here, and the Inform went above.
      message: envelope.message as Exclude<CpeMessage, Inform>,
      cwmpId: envelope.header.id ?? '',
    });
  }
}

/** Empty POSTs come as no body, or as blanks with a text/xml Content-Type: both mean "empty". */
function isBlank(body: Buffer): boolean {
  for (const byte of body) {
    if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) return false;
  }
  return true;
}

function charsetOf(contentType: string | undefined): string | undefined {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '');
  return match?.[1];
}
