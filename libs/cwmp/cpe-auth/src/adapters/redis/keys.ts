import { createHash } from 'crypto';

/**
 * Redis keys of CPE authentication. Each carries its subject in a hash tag (`{...}`) so the keys
 * a script touches together land on one Redis Cluster slot.
 */
export const DEFAULT_KEY_PREFIX = 'cwmp:auth:';

/** Nonces are stored hashed: a key listing (or a MONITOR) shows no live nonce. */
export function nonceCountKey(prefix: string, nonce: string): string {
  const digest = createHash('sha256').update(nonce).digest('hex').slice(0, 32);
  return `${prefix}nc:{${digest}}`;
}

export function failureKeys(prefix: string, source: string): { count: string; block: string } {
  // Percent-encoding keeps braces in a caller's source string from breaking the hash tag.
  const tag = `{${encodeURIComponent(source)}}`;
  return { count: `${prefix}fail:${tag}`, block: `${prefix}block:${tag}` };
}
