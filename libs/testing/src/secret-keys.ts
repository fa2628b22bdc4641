import { generateSecretKeyEntry } from '@acs/secrets';

/**
 * ACS_SECRET_KEYS for the service processes of one test or bench run: the scaled services on a
 * shared store refuse to start without a key, and each must open what the others sealed. One
 * fresh key per run, so no key is written down anywhere.
 */
const RUN_KEY = generateSecretKeyEntry('run1');

export function secretKeysEnv(): { ACS_SECRET_KEYS: string } {
  return { ACS_SECRET_KEYS: RUN_KEY };
}
