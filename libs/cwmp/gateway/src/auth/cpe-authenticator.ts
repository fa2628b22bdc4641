import { randomBytes } from 'crypto';
import {
  AuthenticateCpe,
  ConfigFileCredentialsProvider,
  type CredentialsProvider,
  type FailureCounterStore,
  type NonceCounterStore,
} from '@acs/cpe-auth';
import type { GatewayConfig } from '../config/gateway-config';
import type { GatewayLogger } from '../cwmp-gateway';
import { reloadCredentialsOnSighup } from './reload-on-sighup';
import type { CpeAuthenticator } from '../request-handling/open-session';

export interface CpeAuthenticatorStores {
  nonceCounters: NonceCounterStore;
  failures: FailureCounterStore;
  /** Used when no CWMP_CREDENTIALS_FILE is configured (tests, embedding). */
  credentials?: CredentialsProvider;
}

/**
 * CPE authentication as the gateway configuration asks for it, whichever stores back it (Redis
 * for pods, in-process for the all-in-one app); null when CWMP_AUTH=none.
 * `generatedSecret` says whether a missing CWMP_NONCE_SECRET was replaced by a random one, which
 * is fine for one process and breaks challenges across several pods.
 */
export async function cpeAuthenticatorFor(
  config: GatewayConfig,
  stores: CpeAuthenticatorStores,
  logger: GatewayLogger,
): Promise<{
  authenticator: CpeAuthenticator | null;
  generatedSecret: boolean;
  /** Stops reloading CWMP_CREDENTIALS_FILE on SIGHUP (see reloadCredentialsOnSighup). */
  stop: () => void;
}> {
  if (config.authMode === 'none')
    return { authenticator: null, generatedSecret: false, stop: () => undefined };
  const secret = configuredNonceSecret(config);
  const credentials = await credentialsOf(config, stores.credentials);
  const stop =
    credentials instanceof ConfigFileCredentialsProvider
      ? reloadCredentialsOnSighup(credentials, logger)
      : () => undefined;
  const authenticator = new AuthenticateCpe(
    {
      credentials,
      nonceCounters: stores.nonceCounters,
      failures: stores.failures,
    },
    {
      realm: config.authRealm,
      nonceKeys: { current: secret ?? randomBytes(32) },
      nonceLifetimeMs: config.nonceLifetimeSeconds * 1000,
      allowBasicOverHttp: config.allowBasicOverHttp,
      challengeScheme: config.authMode,
    },
  );
  return { authenticator, generatedSecret: secret === undefined, stop };
}

/** CWMP_NONCE_SECRET as hex, or else base64. */
function configuredNonceSecret(config: GatewayConfig): Buffer | undefined {
  if (!config.nonceSecret) return undefined;
  return /^[0-9a-f]+$/i.test(config.nonceSecret)
    ? Buffer.from(config.nonceSecret, 'hex')
    : Buffer.from(config.nonceSecret, 'base64');
}

async function credentialsOf(
  config: GatewayConfig,
  fallback: CredentialsProvider | undefined,
): Promise<CredentialsProvider> {
  // The file is read into memory once (and on reload): no cache needed in front of it.
  if (config.credentialsFile) return ConfigFileCredentialsProvider.load(config.credentialsFile);
  if (fallback) return fallback;
  throw new Error(`CWMP_AUTH=${config.authMode} needs CWMP_CREDENTIALS_FILE`);
}
