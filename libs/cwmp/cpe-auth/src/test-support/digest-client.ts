import { computeDigestResponse } from '../digest/digest-response';

/** The parameters of a `WWW-Authenticate: Digest ...` value, as a CPE's HTTP client reads them. */
export function parseDigestChallenge(header: string): Record<string, string> {
  if (!/^Digest\s/i.test(header)) throw new Error(`not a Digest challenge: ${header}`);
  const parameters: Record<string, string> = {};
  for (const match of header.slice(7).matchAll(/(\w+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]+))/g)) {
    const [, name, quoted, token] = match;
    if (name !== undefined) parameters[name.toLowerCase()] = quoted ?? token ?? '';
  }
  return parameters;
}

export interface DigestAnswer {
  username: string;
  password: string;
  method?: string;
  uri?: string;
  /** Nonce count as a number; written as 8 hex digits. */
  nc?: number;
  cnonce?: string;
}

/** What a well-behaved CPE sends back for `challenge`. */
export function answerDigestChallenge(challenge: string, answer: DigestAnswer): string {
  const { realm = '', nonce = '', opaque } = parseDigestChallenge(challenge);
  const uri = answer.uri ?? '/';
  const nc = (answer.nc ?? 1).toString(16).padStart(8, '0');
  const cnonce = answer.cnonce ?? '0a4f113b';
  const response = computeDigestResponse({
    username: answer.username,
    realm,
    password: answer.password,
    method: answer.method ?? 'POST',
    uri,
    nonce,
    nc,
    cnonce,
    qop: 'auth',
  });
  const opaquePart = opaque === undefined ? '' : `, opaque="${opaque}"`;
  return (
    `Digest username="${answer.username}", realm="${realm}", nonce="${nonce}", uri="${uri}", ` +
    `qop=auth, nc=${nc}, cnonce="${cnonce}", response="${response}"${opaquePart}, algorithm=MD5`
  );
}

export function basicAuthorization(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

/** Polls `probe` until it returns true, failing after `timeoutMs`. */
export async function waitFor(
  what: string,
  probe: () => Promise<boolean>,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
