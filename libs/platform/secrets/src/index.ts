export {
  generateSecretKeyEntry,
  parseSecretKeys,
  SecretKeyring,
  SecretKeyringError,
  SecretTamperedError,
  UnknownSecretKeyError,
  type SecretKey,
} from './keyring';
export {
  deviceParameterContext,
  invalidSecretParameterEntry,
  SECRET_MASK,
  SecretParameters,
} from './secret-parameters';
export { secretSettingsEnv, secretsOf, type SecretSettings, type Secrets } from './secret-settings';
export {
  LOCAL_SECRET_KEY_FILE,
  secretsAtStart,
  type SecretsStartOptions,
} from './secrets-at-start';
export {
  openConnectionRequest,
  openParameterValue,
  openSealedParameters,
  sealConnectionRequestPassword,
  sealParameterValue,
  type SecretParameterValue,
} from './device-secrets';
