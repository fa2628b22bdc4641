export * from './session-machine';
