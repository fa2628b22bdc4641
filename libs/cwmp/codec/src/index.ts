export * from './errors';
export * from './options';
export { DEFAULT_DECODE_LIMITS } from './xml/limits';
export type { DecodeLimits } from './xml/limits';
export * from './values/xsd-types';
export {
  readTypedValue,
  writeTypedValue,
  readBoolean,
  DEFAULT_VALUE_FORMAT,
} from './values/typed-value';
export type { ValueFormat } from './values/typed-value';
export { readDateTime, UNKNOWN_DATE_TIME } from './values/date-time';
export * from './envelope/envelope';
export * from './envelope/header';
export * from './envelope/negotiation';
export * from './envelope/versions';
export * from './messages/registry';
export * from './messages/fault';
export * from './messages/fault-codes';
export type * from './messages/inform';
export type * from './messages/transfer-complete';
export type * from './messages/get-rpc-methods';
export type * from './messages/request-download';
export type * from './messages/kicked';
export type * from './messages/du-state-change-complete';
export type * from './messages/get-parameter-names';
export type * from './messages/get-parameter-values';
export type * from './messages/set-parameter-values';
export type * from './messages/get-parameter-attributes';
export type * from './messages/set-parameter-attributes';
export type * from './messages/add-object';
export type * from './messages/delete-object';
export type * from './messages/reboot';
export type * from './messages/factory-reset';
export type * from './messages/download';
export type * from './messages/upload';
export type * from './messages/schedule-inform';
export type * from './messages/schedule-download';
export type * from './messages/cancel-transfer';
export type * from './messages/get-queued-transfers';
export type * from './messages/get-all-queued-transfers';
export type * from './messages/change-du-state';
export type { TransferFault } from './messages/structs/transfer-fault';
export * from './messages/event-codes';
export * from './checks/semantic-checks';
