export * from './topics';
export * from './device-id';
export * from './redis-keys';
export * from './validation';
export * from './cwmp-schemas';
export * from './outbox';
export * from './session-events/session-events';
