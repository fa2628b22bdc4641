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
