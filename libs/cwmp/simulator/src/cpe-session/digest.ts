import { createHash, randomBytes } from 'node:crypto';

export interface Challenge {
  scheme: 'Basic' | 'Digest';
  params: Record<string, string>;
}

/** Reads a `WWW-Authenticate` header (the first challenge whose scheme we speak). */
export function parseChallenge(header: string | undefined): Challenge | undefined {
  if (!header) return undefined;
  const match = /^\s*(Basic|Digest)\b(.*)$/i.exec(header);
  if (!match) return undefined;
  const scheme = (match[1] as string).toLowerCase() === 'digest' ? 'Digest' : 'Basic';
  const params: Record<string, string> = {};
  for (const pair of (match[2] as string).matchAll(
    /([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]+))/g,
  )) {
    params[(pair[1] as string).toLowerCase()] = (pair[2] ?? pair[3] ?? '').replace(/\\(.)/g, '$1');
  }
  return { scheme, params };
}

const md5 = (text: string): string => createHash('md5').update(text).digest('hex');

/**
 * Answers one Basic or Digest challenge for the rest of a session, and for later sessions when
 * the device keeps it: Digest (MD5, qop=auth) counts its nonce uses (`nc`) so every request
 * carries a fresh, increasing count, across sessions too.
 */
export class Authenticator {
  private nonceCount = 0;

  constructor(
    private readonly challenge: Challenge,
    private readonly username: string,
    private readonly password: string,
  ) {}

  /** Whether a later session may send this preemptively: a Digest nonce, for these credentials. */
  reusableFor(username: string, password: string): boolean {
    return (
      this.challenge.scheme === 'Digest' && this.username === username && this.password === password
    );
  }

  header(method: string, uri: string): string {
    if (this.challenge.scheme === 'Basic') {
      return `Basic ${Buffer.from(`${this.username}:${this.password}`).toString('base64')}`;
    }
    const { realm = '', nonce = '', opaque, qop } = this.challenge.params;
    const ha1 = md5(`${this.username}:${realm}:${this.password}`);
    const ha2 = md5(`${method}:${uri}`);
    const parts = [
      `username="${this.username}"`,
      `realm="${realm}"`,
      `nonce="${nonce}"`,
      `uri="${uri}"`,
      'algorithm=MD5',
    ];
    if (
      qop !== undefined &&
      qop
        .split(',')
        .map((entry) => entry.trim())
        .includes('auth')
    ) {
      this.nonceCount++;
      const nc = this.nonceCount.toString(16).padStart(8, '0');
      const cnonce = randomBytes(8).toString('hex');
      parts.push(
        'qop=auth',
        `nc=${nc}`,
        `cnonce="${cnonce}"`,
        `response="${md5(`${ha1}:${nonce}:${nc}:${cnonce}:auth:${ha2}`)}"`,
      );
    } else {
      parts.push(`response="${md5(`${ha1}:${nonce}:${ha2}`)}"`);
    }
    if (opaque !== undefined) parts.push(`opaque="${opaque}"`);
    return `Digest ${parts.join(', ')}`;
  }
}

/** Checks a Digest `Authorization` header against a password (used by the connection-request listener). */
export function verifyDigest(
  header: string | undefined,
  method: string,
  expected: {
    username: string;
    password: string;
    realm: string;
    nonceValid: (nonce: string) => boolean;
  },
): boolean {
  const parsed = parseChallenge(header);
  if (parsed?.scheme !== 'Digest') return false;
  const { username, realm, nonce, uri, response, qop, nc, cnonce } = parsed.params;
  if (username !== expected.username || realm !== expected.realm || !nonce || !uri || !response)
    return false;
  if (!expected.nonceValid(nonce)) return false;
  const ha1 = md5(`${expected.username}:${expected.realm}:${expected.password}`);
  const ha2 = md5(`${method}:${uri}`);
  const wanted =
    qop === 'auth'
      ? md5(`${ha1}:${nonce}:${nc ?? ''}:${cnonce ?? ''}:auth:${ha2}`)
      : md5(`${ha1}:${nonce}:${ha2}`);
  return wanted === response;
}
