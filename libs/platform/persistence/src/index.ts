export { openSqliteFile } from './embedded/sqlite-file';
export { modelOn, isDuplicateKey } from './mongo/model-on';
export type { StoreClock } from './store-clock';
export { timeOrderedId } from './time-ordered-id';
export { findEachById } from './mongo/point-reads';
