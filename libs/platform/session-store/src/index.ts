export * from './session-store';
export { RedisSessionStore } from './redis-session-store';
export { InMemorySessionStore } from './in-memory-session-store';
