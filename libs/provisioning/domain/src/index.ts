export * from './session-progress/progress';
export * from './values/typed-value-of';
export * from './desired-state';
export * from './quirks';
export * from './faults/resolved-faults';
export * from './diagnostics';
