import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The keys grants are signed with. Signing always uses `current`; verification also accepts
 * `previous`, so a rotation does not invalidate the URLs already handed to CPEs (keep the old key
 * as `previous` for at least the longest grant lifetime).
 */
export interface GrantSecrets {
  readonly current: string;
  readonly previous?: string;
}

/** Shorter keys make HMAC-SHA256 guessable offline from any signed URL a CPE leaks. */
const MIN_SECRET_LENGTH = 16;

export function assertGrantSecrets(secrets: GrantSecrets): void {
  for (const secret of [secrets.current, secrets.previous]) {
    if (secret !== undefined && secret.length < MIN_SECRET_LENGTH)
      throw new Error(`grant secrets must be at least ${MIN_SECRET_LENGTH} characters`);
  }
}

/**
 * HMAC-SHA256 over the fields as a JSON array: unambiguous whatever the fields contain (a device
 * id may hold any character), and the first field names the grant kind, so a download signature
 * never verifies as an upload one.
 */
export function grantSignature(secret: string, fields: readonly string[]): string {
  return createHmac('sha256', secret).update(JSON.stringify(fields)).digest('base64url');
}

/** Whether `presented` is the signature of `fields` under either secret, compared in constant time. */
export function signatureMatches(
  secrets: GrantSecrets,
  fields: readonly string[],
  presented: string,
): boolean {
  const given = Buffer.from(presented, 'utf8');
  let matched = false;
  for (const secret of [secrets.current, secrets.previous]) {
    if (secret === undefined) continue;
    const expected = Buffer.from(grantSignature(secret, fields), 'utf8');
    // Lengths are public (every signature has the same one); only content comparison must be blind.
    if (expected.length === given.length && timingSafeEqual(expected, given)) matched = true;
  }
  return matched;
}

/** Why a presented grant was refused; a closed set, so it can label a metric. */
export type GrantDenial = 'missing' | 'malformed' | 'bad-signature' | 'expired';

export type GrantCheck<T> = { ok: true; grant: T } | { ok: false; reason: GrantDenial };

/** Expiry as whole Unix seconds in decimal, as it appears in URLs; anything else is malformed. */
export function parseUnixSeconds(text: string | null | undefined): number | undefined {
  if (!text || !/^[0-9]{1,12}$/.test(text)) return undefined;
  return Number(text);
}
