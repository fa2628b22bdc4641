import { timeOrderedId } from '@acs/persistence';
import { createHash, randomBytes } from 'crypto';

/**
 * API keys of the operator API. Only a SHA-256 hash of each key is stored: keys are 32 random
 * bytes, far beyond guessing, so a fast hash is enough (a slow password hash buys nothing against
 * 256 bits of entropy and would cost every request). The plaintext exists once, in what `create`
 * returns.
 */
export const API_KEY_ROLES = ['read-only', 'operator', 'admin'] as const;
export type ApiKeyRole = (typeof API_KEY_ROLES)[number];

/** A key as listed: never its secret or hash. */
export interface ApiKey {
  id: string;
  /** Who or what the key is for, e.g. `noc-dashboard`; shown in the audit log. */
  name: string;
  role: ApiKeyRole;
  createdAt: string;
  /** Set once revoked; a revoked key no longer authenticates. */
  revokedAt?: string;
}

export interface CreatedApiKey {
  apiKey: ApiKey;
  /** The key itself: shown to its owner once, never stored. */
  secret: string;
}

export interface ApiKeyStore {
  create(input: { name: string; role: ApiKeyRole }): Promise<CreatedApiKey>;
  /** The active key whose secret this is, or null (unknown or revoked). */
  authenticate(secret: string): Promise<ApiKey | null>;
  /** Every key, revoked ones included, oldest first. */
  list(): Promise<ApiKey[]>;
  /** Revokes the key; false when there is no such key. Revoking twice keeps the first time. */
  revoke(id: string): Promise<boolean>;
  /** True when no key was ever created: the first start creates an admin key then. */
  isEmpty(): Promise<boolean>;
}

/** Key prefix: makes a leaked key recognisable to secret scanners and to people. */
export const API_KEY_PREFIX = 'acs_';

export function generateApiKeySecret(): string {
  return API_KEY_PREFIX + randomBytes(32).toString('base64url');
}

export function hashApiKeySecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Sorts in creation order (keys are listed oldest first, ties within a millisecond included). */
export function generateApiKeyId(): string {
  return timeOrderedId();
}
