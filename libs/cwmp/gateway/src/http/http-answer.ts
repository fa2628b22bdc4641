/** A CPE's HTTP request as the session logic sees it: transport details already handled. */
export interface CwmpHttpRequest {
  /** The body after Content-Encoding was undone. */
  body: Buffer;
  contentType: string | undefined;
  cookieHeader: string | undefined;
  authorization: string | undefined;
  method: string;
  /** The request-target, e.g. `/` or `/acs`: the digest covers it. */
  uri: string;
  /** The client address (after the configured proxy header, if any). */
  remoteAddress: string;
  secure: boolean;
}

/** What to send back. The HTTP layer adds framing, compression and connection headers. */
export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[]>;
  /** XML or plain text; null for an empty body (204, or a 401 challenge). */
  body: string | null;
}

export const XML_CONTENT_TYPE = 'text/xml; charset="utf-8"';

export function xmlAnswer(body: string, headers: HttpAnswer['headers'] = {}): HttpAnswer {
  return { status: 200, headers: { 'content-type': XML_CONTENT_TYPE, ...headers }, body };
}

export function textAnswer(
  status: number,
  text: string,
  headers: HttpAnswer['headers'] = {},
): HttpAnswer {
  return {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', ...headers },
    body: `${text}\n`,
  };
}
