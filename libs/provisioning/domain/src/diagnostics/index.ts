export * from './definitions';
export * from './request';
export * from './normalise';
export * from './capabilities';
