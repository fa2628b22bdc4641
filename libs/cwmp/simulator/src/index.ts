export * from './model/schema';
export * from './model/profile';
export * from './model/device-state';
export * from './model/local-changes';
export { readParameter, resolve, walk, instancesOf } from './model/tree';
export { coerceForParameter } from './model/values';
export * from './profiles';
export { handleRpc } from './rpc/dispatch';
export type { Effect, RpcOutcome } from './rpc/outcome';
export * from './rpc/completion';
export { MAX_INSTANCES_PER_TABLE } from './rpc/objects';
export { MAX_QUEUED_TRANSFERS } from './rpc/transfers';
export * from './cpe-session/quirks';
export { runSession, buildInform } from './cpe-session/session-client';
export type {
  SessionDevice,
  SessionOptions,
  SessionResult,
  SessionFailure,
} from './cpe-session/session-client';
export { retryDelayMs, retryAfterMs } from './cpe-session/retry';
export { Authenticator, parseChallenge, verifyDigest } from './cpe-session/digest';
export type { TlsOptions } from './cpe-session/transport';
export {
  parseUdpRequest,
  udpSignature,
  signatureValid,
  ReplayGuard,
} from './connection-request/udp-request';
export type { UdpConnectionRequest } from './connection-request/udp-request';
export { Simulator } from './runtime/simulator';
export type { AdmittedSessions, SimulatorOptions, SessionEvent } from './runtime/simulator';
export { SimulatedDevice } from './runtime/simulated-device';
export { mergeTallies } from './runtime/stats';
export type { StatsSnapshot, StatsTally } from './runtime/stats';
export { SimulatorFleet } from './fleet/simulator-fleet';
export { shardOptions } from './fleet/shards';
export type { FleetStats } from './fleet/simulator-fleet';
export { formatSerial } from './runtime/serial';
export { ScriptedAcs, queueScript, soap, typeOf, END_SESSION } from './test-support/scripted-acs';
export type { Received, Reply, Script } from './test-support/scripted-acs';
export { nextSession } from './test-support/next-session';
export * from './firmware/image';
export * from './firmware/failures';
export {
  bootFirmware,
  installFirmware,
  firmwareSetFaults,
  type InstalledImage,
} from './firmware/banks';
export * from './firmware/config-file';
export { fetchFile, putFile } from './runtime/file-transfer';
export type { FetchedFile, FetchOptions, TransferTarget } from './runtime/file-transfer';
export {
  completeDiagnostic,
  DEFAULT_DIAGNOSTIC_BEHAVIOUR,
  type DiagnosticBehaviour,
} from './diagnostics/run-diagnostic';
