import { createHash, randomBytes } from 'node:crypto';

/** One challenge of a `WWW-Authenticate` header (RFC 7235 section 4.1). */
export interface AuthChallenge {
  /** Lower-cased: `digest`, `basic`, ... */
  scheme: string;
  /** Parameter names lower-cased, values unquoted. */
  params: Record<string, string>;
}

/**
 * Reads every challenge of one or more `WWW-Authenticate` values. A CPE may offer several in one
 * value (`Digest realm="a", nonce="n", Basic realm="a"`), so commas alone do not separate them:
 * a new challenge starts where a token is not followed by `=`.
 */
export function parseChallenges(values: readonly string[]): AuthChallenge[] {
  const challenges: AuthChallenge[] = [];
  for (const value of values) {
    const reader = new Reader(value);
    let current: AuthChallenge | undefined;
    while (!reader.done()) {
      reader.skip(/[\s,]*/y);
      const token = reader.read(/[!#$%&'*+.^_`|~0-9A-Za-z-]+/y);
      if (token === undefined) {
        reader.read(/[^,]*/y); // not a token here: skip to the next comma
        reader.skip(/,/y);
        continue;
      }
      reader.skip(/\s*/y);
      if (current && reader.peek('=')) {
        reader.skip(/=\s*/y);
        current.params[token.toLowerCase()] = reader.quotedOrToken();
        continue;
      }
      current = { scheme: token.toLowerCase(), params: {} };
      challenges.push(current);
      // The first parameter follows the scheme after whitespace, without a comma.
      const name = reader.read(/[!#$%&'*+.^_`|~0-9A-Za-z-]+(?=\s*=)/y);
      if (name !== undefined) {
        reader.skip(/\s*=\s*/y);
        current.params[name.toLowerCase()] = reader.quotedOrToken();
      }
    }
  }
  return challenges;
}

export interface DigestCredentials {
  username: string;
  password: string;
  method: string;
  /** The request-target, as sent on the request line. */
  uri: string;
}

export class UnsupportedChallengeError extends Error {
  override readonly name = 'UnsupportedChallengeError';
}

/**
 * The `Authorization` value answering a Digest challenge (RFC 7616 / RFC 2617): MD5 or MD5-sess,
 * qop=auth (or auth-int over the empty GET body), or the RFC 2069 form when the CPE offers no qop.
 * Throws UnsupportedChallengeError for other algorithms (SHA-256 CPEs are not known to exist).
 */
export function digestAuthorization(
  challenge: AuthChallenge,
  credentials: DigestCredentials,
  cnonce = randomBytes(8).toString('hex'),
): string {
  const { realm = '', nonce = '', opaque, qop: offered, algorithm = 'MD5' } = challenge.params;
  const algorithmName = algorithm.toUpperCase();
  if (algorithmName !== 'MD5' && algorithmName !== 'MD5-SESS') {
    throw new UnsupportedChallengeError(`Digest algorithm ${algorithm} is not supported`);
  }
  const qops = (offered ?? '').split(',').map((entry) => entry.trim().toLowerCase());
  const qop = qops.includes('auth') ? 'auth' : qops.includes('auth-int') ? 'auth-int' : undefined;
  if (offered !== undefined && qop === undefined) {
    throw new UnsupportedChallengeError(`Digest qop ${offered} is not supported`);
  }
  const nc = '00000001';
  let ha1 = md5(`${credentials.username}:${realm}:${credentials.password}`);
  if (algorithmName === 'MD5-SESS') ha1 = md5(`${ha1}:${nonce}:${cnonce}`);
  const ha2 =
    qop === 'auth-int'
      ? md5(`${credentials.method}:${credentials.uri}:${md5('')}`)
      : md5(`${credentials.method}:${credentials.uri}`);
  const response = qop
    ? md5(`${ha1}:${nonce}:${nc}:${cnonce}:${qop}:${ha2}`)
    : md5(`${ha1}:${nonce}:${ha2}`);
  const parts = [
    `username=${quote(credentials.username)}`,
    `realm=${quote(realm)}`,
    `nonce=${quote(nonce)}`,
    `uri=${quote(credentials.uri)}`,
    `algorithm=${algorithm}`,
    `response="${response}"`,
  ];
  if (qop) parts.push(`qop=${qop}`, `nc=${nc}`, `cnonce=${quote(cnonce)}`);
  if (opaque !== undefined) parts.push(`opaque=${quote(opaque)}`);
  return `Digest ${parts.join(', ')}`;
}

export function basicAuthorization(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}

function md5(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}

function quote(value: string): string {
  return `"${value.replace(/(["\\])/g, '\\$1')}"`;
}

/** A cursor over a header value with sticky regexes. */
class Reader {
  private position = 0;

  constructor(private readonly text: string) {}

  done(): boolean {
    return this.position >= this.text.length;
  }

  peek(char: string): boolean {
    return this.text[this.position] === char;
  }

  skip(pattern: RegExp): void {
    this.read(pattern);
  }

  read(pattern: RegExp): string | undefined {
    pattern.lastIndex = this.position;
    const match = pattern.exec(this.text);
    if (!match) return undefined;
    this.position += match[0].length;
    return match[0];
  }

  quotedOrToken(): string {
    const quoted = this.read(/"(?:[^"\\]|\\.)*"/y);
    if (quoted !== undefined) return quoted.slice(1, -1).replace(/\\(.)/g, '$1');
    return this.read(/[^,\s]*/y) ?? '';
  }
}
