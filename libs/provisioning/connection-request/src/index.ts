// The use case.
export { ConnectionRequestService } from './connection-request-service';
export type {
  ConnectionRequestTarget,
  ConnectionRequestExecuteOptions,
  ConnectionRequestServiceDependencies,
  HttpRequester,
  UdpRequester,
} from './connection-request-service';
export type {
  ConnectionRequestOutcome,
  ConnectionRequestOutcomeKind,
  ConnectionRequestMethod,
  RequesterResult,
} from './outcome';

// HTTP (TR-069 3.2.2).
export { HttpConnectionRequester, DEFAULT_HTTP_TIMEOUT_MS } from './http/http-connection-requester';
export type {
  HttpConnectionRequesterOptions,
  HttpConnectionRequestTarget,
} from './http/http-connection-requester';
export {
  parseChallenges,
  digestAuthorization,
  basicAuthorization,
  UnsupportedChallengeError,
} from './http/challenge';
export type { AuthChallenge, DigestCredentials } from './http/challenge';

// UDP (TR-069 Annex G / TR-111).
export { UdpConnectionRequester } from './udp/udp-connection-requester';
export type {
  UdpConnectionRequesterOptions,
  UdpConnectionRequestTarget,
  UdpSender,
} from './udp/udp-connection-requester';
export { UdpRequestSigner, parseUdpAddress, UdpRequestError } from './udp/udp-request';
export type { UdpAddress, UdpRequestMessage } from './udp/udp-request';

// STUN.
export { StunServer, DEFAULT_STUN_PORT } from './stun/stun-server';
export type { StunServerOptions } from './stun/stun-server';
export { answerBindingRequest, bindingRequestSeen, transportAddressOf } from './stun/binding';
export type { BindingRequestSeen } from './stun/binding';
export {
  decodeStunMessage,
  encodeStunMessage,
  encodeAddress,
  encodeXorAddress,
  decodeAddress,
  decodeXorAddress,
  attributeOf,
  isRfc5389,
  StunDecodeError,
  MAGIC_COOKIE,
  STUN_TYPE,
  STUN_ATTRIBUTE,
} from './stun/stun-message';
export type {
  StunMessage,
  StunAttribute,
  TransportAddress,
  StunDecodeResult,
  StunDecodeErrorCode,
} from './stun/stun-message';

// Rate limits.
export { DEFAULT_RATE_LIMITS, takeToken } from './rate-limit/rate-limiter';
export type {
  ConnectionRequestRateLimiter,
  RateLimitDecision,
  RateLimits,
} from './rate-limit/rate-limiter';
export { InMemoryRateLimiter } from './rate-limit/in-memory-rate-limiter';
export { RedisRateLimiter } from './rate-limit/redis-rate-limiter';
export type { RedisRateLimiterOptions } from './rate-limit/redis-rate-limiter';
