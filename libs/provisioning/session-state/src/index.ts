export * from './ports';
export { InMemorySessionProgressStore, InMemoryPendingWorkMarker } from './in-memory';
export { RedisSessionProgressStore, RedisPendingWorkMarker } from './redis';
/** For adapter specs (runs under Jest). */
export { describeSessionStateContract } from './session-state.contract';
