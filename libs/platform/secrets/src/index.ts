export {
  generateSecretKeyEntry,
  parseSecretKeys,
  SecretKeyring,
  SecretKeyringError,
  SecretTamperedError,
  UnknownSecretKeyError,
  type SecretKey,
} from './keyring';
export { invalidSecretParameterEntry, SecretParameters } from './secret-parameters';
export { secretSettingsEnv, secretsOf, type SecretSettings, type Secrets } from './secret-settings';
