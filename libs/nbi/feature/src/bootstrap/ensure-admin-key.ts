import type { ApiKeyStore } from '@acs/nbi-data-access';

/**
 * On the very first start (no API key was ever created) creates an admin key and returns its
 * secret, for the caller to print once; returns null otherwise. A store whose keys were all
 * revoked is not empty: revoking every key must not make a restart hand out a new admin key.
 */
export async function ensureAdminKey(
  apiKeys: ApiKeyStore,
  name = 'initial-admin',
): Promise<string | null> {
  if (!(await apiKeys.isEmpty())) return null;
  const { secret } = await apiKeys.create({ name, role: 'admin' });
  return secret;
}
