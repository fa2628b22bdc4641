/**
 * The server half of the benchmarked exchange, shared by all four servers so that they differ only
 * in the HTTP stack under them: a non-empty POST (the Inform) gets a canned InformResponse and a
 * session cookie, an empty POST (the CPE has nothing more to say) gets 204 and ends the session.
 */
import { randomUUID } from 'crypto';
import { IncomingMessage } from 'http';

/** Body cap for the servers that read the request stream themselves (as the adapters' limits). */
export const BODY_LIMIT_BYTES = 1024 * 1024;

const INFORM_RESPONSE = Buffer.from(
  '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<soap-env:Envelope xmlns:soap-env="http://schemas.xmlsoap.org/soap/envelope/" ' +
    'xmlns:soap-enc="http://schemas.xmlsoap.org/soap/encoding/" ' +
    'xmlns:xsd="http://www.w3.org/2001/XMLSchema" ' +
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
    'xmlns:cwmp="urn:dslforum-org:cwmp-1-0">' +
    '<soap-env:Header><cwmp:ID soap-env:mustUnderstand="1">1</cwmp:ID></soap-env:Header>' +
    '<soap-env:Body><cwmp:InformResponse><MaxEnvelopes>1</MaxEnvelopes></cwmp:InformResponse>' +
    '</soap-env:Body></soap-env:Envelope>\n',
  'utf8',
);

export const XML_CONTENT_TYPE = 'text/xml; charset="utf-8"';

/** What a server writes back: status, headers and body bytes (none for 204). */
export interface CwmpReply {
  status: 200 | 204;
  headers: Record<string, string>;
  body: Buffer | undefined;
}

const END_OF_SESSION: CwmpReply = { status: 204, headers: {}, body: undefined };

/** The reply to one CWMP POST, given its raw body bytes. */
export function cwmpReply(body: Buffer | undefined): CwmpReply {
  if (body === undefined || body.length === 0) return END_OF_SESSION;
  return {
    status: 200,
    headers: {
      'content-type': XML_CONTENT_TYPE,
      'set-cookie': `session=${randomUUID()}; Path=/; HttpOnly`,
    },
    body: INFORM_RESPONSE,
  };
}

/** Size of the canned InformResponse, printed with the figures. */
export const INFORM_RESPONSE_BYTES = INFORM_RESPONSE.length;

/** Thrown when a request body exceeds BODY_LIMIT_BYTES; the servers answer 413. */
export class BodyTooLargeError extends Error {}

/**
 * The raw request body as bytes, for the servers on plain node:http: Node has already undone
 * chunked transfer coding and answered `Expect: 100-continue`; nothing here parses or decodes.
 */
export function readRawBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > BODY_LIMIT_BYTES) {
        request.destroy();
        reject(new BodyTooLargeError(`request body over ${BODY_LIMIT_BYTES} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () =>
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)),
    );
    request.on('error', reject);
  });
}
