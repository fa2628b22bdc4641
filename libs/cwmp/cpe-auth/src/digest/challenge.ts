/** `WWW-Authenticate` values (RFC 7616 section 3.3, RFC 7617 section 2). */

export interface DigestChallengeInput {
  realm: string;
  nonce: string;
  opaque: string;
  /** The previous nonce expired but the credentials were right: the client retries silently. */
  stale?: boolean;
}

export function buildDigestChallenge(input: DigestChallengeInput): string {
  const parts = [
    `realm=${quote(input.realm)}`,
    'qop="auth"',
    `nonce=${quote(input.nonce)}`,
    `opaque=${quote(input.opaque)}`,
    'algorithm=MD5',
  ];
  if (input.stale) parts.push('stale=true');
  return `Digest ${parts.join(', ')}`;
}

export function buildBasicChallenge(realm: string): string {
  return `Basic realm=${quote(realm)}, charset="UTF-8"`;
}

/** Realms come from configuration: reject what cannot go into a quoted-string at all. */
export function checkRealm(realm: string): void {
  if (realm === '' || [...realm].some((char) => char < ' ' || char === '\u007f')) {
    throw new RangeError('the realm must be non-empty and free of control characters');
  }
}

function quote(value: string): string {
  return `"${value.replace(/(["\\])/g, '\\$1')}"`;
}
