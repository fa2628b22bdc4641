// Pure parts: header parsing, digest computation, challenges, stateless nonces.
export { parseAuthorizationHeader, AuthorizationParseError } from './digest/authorization-header';
export type {
  Authorization,
  BasicAuthorization,
  DigestAuthorization,
  AuthorizationParseErrorCode,
  ParseResult,
} from './digest/authorization-header';
export {
  computeDigestResponse,
  digestResponsesEqual,
  parseNonceCount,
} from './digest/digest-response';
export type { DigestResponseInput } from './digest/digest-response';
export { buildDigestChallenge, buildBasicChallenge } from './digest/challenge';
export type { DigestChallengeInput } from './digest/challenge';
export {
  issueNonce,
  verifyNonce,
  opaqueFor,
  NonceSecretError,
  MIN_NONCE_SECRET_BYTES,
  NONCE_SALT_BYTES,
} from './digest/nonce';
export type { NonceKeys, NonceCheck } from './digest/nonce';

// Ports.
export { deviceIdOf, deviceClassOf } from './ports/credentials-provider';
export type {
  CredentialsProvider,
  CredentialsQuery,
  DeviceIdentity,
  ExpectedCredentials,
} from './ports/credentials-provider';
export type { NonceCounterStore } from './ports/nonce-counter-store';
export type { FailureCounterStore, FailureLimits } from './ports/failure-counter-store';

// Adapters.
export {
  InMemoryCredentialsProvider,
  DuplicateCredentialsError,
} from './adapters/memory/in-memory-credentials-provider';
export type {
  CredentialsEntries,
  DeviceCredentials,
  DeviceClassCredentials,
} from './adapters/memory/in-memory-credentials-provider';
export { CachingCredentialsProvider } from './adapters/memory/caching-credentials-provider';
export type { CredentialsCacheOptions } from './adapters/memory/caching-credentials-provider';
export { InMemoryNonceCounterStore } from './adapters/memory/in-memory-nonce-counter-store';
export { InMemoryFailureCounterStore } from './adapters/memory/in-memory-failure-counter-store';
export {
  ConfigFileCredentialsProvider,
  CredentialsFileError,
  CredentialsFileSchema,
} from './adapters/config-file/credentials-file';
export type { CredentialsFile } from './adapters/config-file/credentials-file';
export { RedisNonceCounterStore } from './adapters/redis/redis-nonce-counter-store';
export { RedisFailureCounterStore } from './adapters/redis/redis-failure-counter-store';
export { DEFAULT_KEY_PREFIX as CPE_AUTH_REDIS_KEY_PREFIX } from './adapters/redis/keys';

// The use case.
export { AuthenticateCpe } from './use-case/authenticate-cpe';
export type {
  AuthenticateCpeRequest,
  AuthenticateCpeDependencies,
  AuthenticateCpeOptions,
} from './use-case/authenticate-cpe';
export type {
  AuthenticationResult,
  AuthenticationEvent,
  RejectionReason,
} from './use-case/authentication-result';
