/**
 * Parsing of the `Authorization` request header (RFC 7617 Basic, RFC 7616/2617 Digest).
 *
 * CPE stacks are loose here, so the parser accepts: a scheme in any letter case, unquoted
 * parameter values, spaces around `=` and `,`, empty list elements, and parameter names in any
 * case. It rejects what cannot be read unambiguously, with a reason code that never echoes the
 * header (it carries a password or a nonce).
 */

export interface BasicAuthorization {
  scheme: 'basic';
  username: string;
  password: string;
}

export interface DigestAuthorization {
  scheme: 'digest';
  username: string;
  realm: string;
  nonce: string;
  uri: string;
  response: string;
  /** Absent for RFC 2069 clients. */
  qop?: string;
  /** Hex nonce count as sent; present whenever qop is. */
  nc?: string;
  cnonce?: string;
  opaque?: string;
  /** Absent means MD5 (RFC 7616 section 3.3). */
  algorithm?: string;
}

export type Authorization = BasicAuthorization | DigestAuthorization;

export type AuthorizationParseErrorCode =
  | 'EMPTY'
  | 'UNSUPPORTED_SCHEME'
  | 'MALFORMED_BASIC'
  | 'MALFORMED_DIGEST'
  | 'MISSING_DIGEST_PARAMETER';

export class AuthorizationParseError extends Error {
  override readonly name = 'AuthorizationParseError';

  /** `detail` names the part at fault (a parameter name, never a value). */
  constructor(
    readonly code: AuthorizationParseErrorCode,
    detail: string,
  ) {
    super(`${code}: ${detail}`);
  }
}

export type ParseResult =
  | { ok: true; value: Authorization }
  | { ok: false; error: AuthorizationParseError };

const REQUIRED_DIGEST_PARAMETERS = ['username', 'realm', 'nonce', 'uri', 'response'] as const;

export function parseAuthorizationHeader(header: string): ParseResult {
  const trimmed = header.trim();
  if (trimmed === '') return failure('EMPTY', 'the header is empty');
  const space = trimmed.search(/\s/);
  const scheme = (space === -1 ? trimmed : trimmed.slice(0, space)).toLowerCase();
  const rest = space === -1 ? '' : trimmed.slice(space).trim();
  if (scheme === 'basic') return parseBasic(rest);
  if (scheme === 'digest') return parseDigest(rest);
  return failure('UNSUPPORTED_SCHEME', 'only Basic and Digest are accepted');
}

function parseBasic(token: string): ParseResult {
  if (!/^[A-Za-z0-9+/=_-]+$/.test(token)) {
    return failure('MALFORMED_BASIC', 'the credentials are not base64');
  }
  const decoded = Buffer.from(token, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon === -1) return failure('MALFORMED_BASIC', 'no colon between user-id and password');
  return {
    ok: true,
    value: {
      scheme: 'basic',
      username: decoded.slice(0, colon),
      password: decoded.slice(colon + 1),
    },
  };
}

function parseDigest(text: string): ParseResult {
  const parameters = parseParameterList(text);
  if (parameters === undefined) {
    return failure('MALFORMED_DIGEST', 'the parameter list cannot be read');
  }
  for (const name of REQUIRED_DIGEST_PARAMETERS) {
    if (parameters.get(name) === undefined) return failure('MISSING_DIGEST_PARAMETER', name);
  }
  const value: DigestAuthorization = {
    scheme: 'digest',
    username: parameters.get('username') ?? '',
    realm: parameters.get('realm') ?? '',
    nonce: parameters.get('nonce') ?? '',
    uri: parameters.get('uri') ?? '',
    response: parameters.get('response') ?? '',
  };
  for (const name of ['qop', 'nc', 'cnonce', 'opaque', 'algorithm'] as const) {
    const found = parameters.get(name);
    if (found !== undefined) value[name] = found;
  }
  if (value.qop !== undefined && (value.nc === undefined || value.cnonce === undefined)) {
    return failure('MISSING_DIGEST_PARAMETER', value.nc === undefined ? 'nc' : 'cnonce');
  }
  return { ok: true, value };
}

/**
 * `name=value` pairs separated by commas; a value is a quoted string (with `\` escapes) or a
 * token running to the next comma. Names are lower-cased; a repeated name makes the header
 * ambiguous and is refused. Returns undefined when the text is not such a list.
 */
function parseParameterList(text: string): Map<string, string> | undefined {
  const parameters = new Map<string, string>();
  let at = 0;
  const skip = (pattern: RegExp) => {
    while (at < text.length && pattern.test(text[at] ?? '')) at++;
  };
  while (at < text.length) {
    skip(/[\s,]/);
    if (at >= text.length) break;
    const nameMatch = /^[A-Za-z0-9_-]+/.exec(text.slice(at));
    if (!nameMatch) return undefined;
    const name = nameMatch[0].toLowerCase();
    at += nameMatch[0].length;
    skip(/\s/);
    if (text[at] !== '=') return undefined;
    at++;
    skip(/\s/);
    let value = '';
    if (text[at] === '"') {
      at++;
      let closed = false;
      while (at < text.length) {
        const char = text[at] ?? '';
        if (char === '\\' && at + 1 < text.length) {
          value += text[at + 1];
          at += 2;
        } else if (char === '"') {
          at++;
          closed = true;
          break;
        } else {
          value += char;
          at++;
        }
      }
      if (!closed) return undefined;
    } else {
      const end = text.indexOf(',', at);
      value = (end === -1 ? text.slice(at) : text.slice(at, end)).trim();
      at = end === -1 ? text.length : end;
    }
    if (parameters.has(name)) return undefined;
    parameters.set(name, value);
    skip(/\s/);
    if (at < text.length && text[at] !== ',') return undefined;
  }
  return parameters;
}

function failure(code: AuthorizationParseErrorCode, detail: string): ParseResult {
  return { ok: false, error: new AuthorizationParseError(code, detail) };
}
