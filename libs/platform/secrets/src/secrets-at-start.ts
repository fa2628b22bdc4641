import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '@acs/config';
import { generateSecretKeyEntry, parseSecretKeys, SecretKeyring } from './keyring';
import { secretsOf, type SecretSettings, type Secrets } from './secret-settings';

/** The key file a service on a local data directory makes for itself when given no key. */
export const LOCAL_SECRET_KEY_FILE = 'secret-keys';

export interface SecretsStartOptions {
  /**
   * The data directory when the secrets protect data only this process keeps (the embedded
   * store), else null: the store is shared (MongoDB) and so must the key be.
   */
  localDataDir: string | null;
  log: (message: string, fields: Record<string, unknown>) => void;
}

/**
 * The secrets a service starts with. A configured key (ACS_SECRET_KEYS, ACS_SECRET_KEYS_FILE) is
 * always used. Without one, a service whose data is local (the all-in-one app, inventory on its
 * embedded store) keeps a key next to that data, made on first start and announced in the log,
 * so a lab install works at once and its data directory alone holds what it needs; a backup of
 * the data directory holds the key too, which is why production sets its own. A service on a
 * shared store refuses to start: a key made by one pod would not open what another sealed.
 */
export function secretsAtStart(settings: SecretSettings, options: SecretsStartOptions): Secrets {
  const { keyring, parameters } = secretsOf(settings);
  if (keyring) return { keyring, parameters };
  if (options.localDataDir === null)
    throw new ConfigError([
      'ACS_SECRET_KEYS or ACS_SECRET_KEYS_FILE: required with a shared device store (MONGODB_URI), so that every service opens what another sealed',
    ]);
  const file = join(options.localDataDir, LOCAL_SECRET_KEY_FILE);
  if (!existsSync(file)) {
    mkdirSync(options.localDataDir, { recursive: true });
    // 'wx': two processes starting at once must not overwrite each other's key.
    writeFileSync(file, `${generateSecretKeyEntry('local1')}\n`, { mode: 0o600, flag: 'wx' });
    options.log('no ACS_SECRET_KEYS: generated a secret key under the data directory', {
      file,
      advice: 'back it up with the data, or set ACS_SECRET_KEYS_FILE',
    });
  }
  try {
    return { keyring: new SecretKeyring(parseSecretKeys(readFileSync(file, 'utf8'))), parameters };
  } catch (error) {
    throw new ConfigError([`${file}: ${(error as Error).message}`]);
  }
}
