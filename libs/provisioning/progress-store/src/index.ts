export * from './ports';
export { InMemorySessionProgressStore, InMemoryPendingWorkMarker } from './in-memory';
export { RedisSessionProgressStore, RedisPendingWorkMarker } from './redis';
/** For adapter specs (runs under Jest). */
export { describeProgressStoreContract } from './progress-store.contract';
