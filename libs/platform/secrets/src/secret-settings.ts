import { readFileSync } from 'node:fs';
import { Type, type Static, type TObject } from '@sinclair/typebox';
import { ConfigError } from '@acs/config';
import { parseSecretKeys, SecretKeyring, SecretKeyringError } from './keyring';
import { invalidSecretParameterEntry, SecretParameters } from './secret-parameters';

/**
 * The settings of the secrets at rest, to spread into an app's config schema:
 * ACS_SECRET_KEYS (`kid1:<base64 32 bytes>,kid0:<...>`, the first is current) or
 * ACS_SECRET_KEYS_FILE (the same, one entry a line: a mounted Secret), and ACS_SECRET_PARAMETERS
 * (names or paths of parameters to treat as secret besides the data model's).
 */
export function secretSettingsEnv() {
  return {
    secretKeys: Type.Optional(Type.String({ env: 'ACS_SECRET_KEYS' })),
    secretKeysFile: Type.Optional(Type.String({ env: 'ACS_SECRET_KEYS_FILE', minLength: 1 })),
    secretParameters: Type.Array(Type.String(), { env: 'ACS_SECRET_PARAMETERS', default: [] }),
  };
}

export type SecretSettings = Static<TObject<ReturnType<typeof secretSettingsEnv>>>;

export interface Secrets {
  keyring: SecretKeyring;
  parameters: SecretParameters;
}

/**
 * The keyring and the secret-parameter list, validated (a ConfigError naming the variable, never
 * the key material). Null keyring when no key is configured: the caller decides (the all-in-one
 * app makes one under its data dir, a scaled service refuses to start).
 */
export function secretsOf(settings: SecretSettings): {
  keyring: SecretKeyring | null;
  parameters: SecretParameters;
} {
  const problems = settings.secretParameters
    .map(invalidSecretParameterEntry)
    .filter((problem): problem is string => problem !== null)
    .map((problem) => `ACS_SECRET_PARAMETERS: ${problem}`);
  let keyring: SecretKeyring | null = null;
  if (settings.secretKeys && settings.secretKeysFile)
    problems.push('ACS_SECRET_KEYS and ACS_SECRET_KEYS_FILE: set one, not both');
  else {
    const [variable, text] = settings.secretKeysFile
      ? ['ACS_SECRET_KEYS_FILE', readKeyFile(settings.secretKeysFile, problems)]
      : ['ACS_SECRET_KEYS', settings.secretKeys];
    if (text !== undefined && text !== null) keyring = keyringOf(variable, text, problems);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return { keyring, parameters: new SecretParameters(settings.secretParameters) };
}

function readKeyFile(path: string, problems: string[]): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    problems.push(`ACS_SECRET_KEYS_FILE: cannot read ${path} (${(error as Error).message})`);
    return null;
  }
}

function keyringOf(variable: string, text: string, problems: string[]): SecretKeyring | null {
  try {
    return new SecretKeyring(parseSecretKeys(text));
  } catch (error) {
    if (!(error instanceof SecretKeyringError)) throw error;
    problems.push(`${variable}: ${error.message}`);
    return null;
  }
}
