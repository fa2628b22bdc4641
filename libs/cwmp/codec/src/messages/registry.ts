import { AddObject, AddObjectResponse, addObjectCodec, addObjectResponseCodec } from './add-object';
import {
  DeleteObject,
  DeleteObjectResponse,
  deleteObjectCodec,
  deleteObjectResponseCodec,
} from './delete-object';
import {
  CancelTransfer,
  CancelTransferResponse,
  cancelTransferCodec,
  cancelTransferResponseCodec,
} from './cancel-transfer';
import {
  ChangeDUState,
  ChangeDUStateResponse,
  changeDuStateCodec,
  changeDuStateResponseCodec,
} from './change-du-state';
import { Download, DownloadResponse, downloadCodec, downloadResponseCodec } from './download';
import {
  AutonomousDUStateChangeComplete,
  AutonomousDUStateChangeCompleteResponse,
  autonomousDuStateChangeCompleteCodec,
  autonomousDuStateChangeCompleteResponseCodec,
  DUStateChangeComplete,
  DUStateChangeCompleteResponse,
  duStateChangeCompleteCodec,
  duStateChangeCompleteResponseCodec,
} from './du-state-change-complete';
import {
  FactoryReset,
  FactoryResetResponse,
  factoryResetCodec,
  factoryResetResponseCodec,
} from './factory-reset';
import { Fault } from './fault';
import {
  GetAllQueuedTransfers,
  GetAllQueuedTransfersResponse,
  getAllQueuedTransfersCodec,
  getAllQueuedTransfersResponseCodec,
} from './get-all-queued-transfers';
import {
  GetParameterAttributes,
  GetParameterAttributesResponse,
  getParameterAttributesCodec,
  getParameterAttributesResponseCodec,
} from './get-parameter-attributes';
import {
  GetParameterNames,
  GetParameterNamesResponse,
  getParameterNamesCodec,
  getParameterNamesResponseCodec,
} from './get-parameter-names';
import {
  GetParameterValues,
  GetParameterValuesResponse,
  getParameterValuesCodec,
  getParameterValuesResponseCodec,
} from './get-parameter-values';
import {
  GetQueuedTransfers,
  GetQueuedTransfersResponse,
  getQueuedTransfersCodec,
  getQueuedTransfersResponseCodec,
} from './get-queued-transfers';
import {
  GetRPCMethods,
  GetRPCMethodsResponse,
  getRpcMethodsCodec,
  getRpcMethodsResponseCodec,
} from './get-rpc-methods';
import { Inform, InformResponse, informCodec, informResponseCodec } from './inform';
import { Kicked, KickedResponse, kickedCodec, kickedResponseCodec } from './kicked';
import { MessageCodec } from './message-codec';
import { Reboot, RebootResponse, rebootCodec, rebootResponseCodec } from './reboot';
import {
  RequestDownload,
  RequestDownloadResponse,
  requestDownloadCodec,
  requestDownloadResponseCodec,
} from './request-download';
import {
  ScheduleDownload,
  ScheduleDownloadResponse,
  scheduleDownloadCodec,
  scheduleDownloadResponseCodec,
} from './schedule-download';
import {
  ScheduleInform,
  ScheduleInformResponse,
  scheduleInformCodec,
  scheduleInformResponseCodec,
} from './schedule-inform';
import {
  SetParameterAttributes,
  SetParameterAttributesResponse,
  setParameterAttributesCodec,
  setParameterAttributesResponseCodec,
} from './set-parameter-attributes';
import {
  SetParameterValues,
  SetParameterValuesResponse,
  setParameterValuesCodec,
  setParameterValuesResponseCodec,
} from './set-parameter-values';
import {
  AutonomousTransferComplete,
  AutonomousTransferCompleteResponse,
  autonomousTransferCompleteCodec,
  autonomousTransferCompleteResponseCodec,
  TransferComplete,
  TransferCompleteResponse,
  transferCompleteCodec,
  transferCompleteResponseCodec,
} from './transfer-complete';
import { Upload, UploadResponse, uploadCodec, uploadResponseCodec } from './upload';

/** The 18 methods an ACS calls on a CPE. */
export type AcsRequest =
  | GetRPCMethods
  | GetParameterNames
  | GetParameterValues
  | SetParameterValues
  | GetParameterAttributes
  | SetParameterAttributes
  | AddObject
  | DeleteObject
  | Reboot
  | FactoryReset
  | Download
  | Upload
  | ScheduleInform
  | ScheduleDownload
  | CancelTransfer
  | GetQueuedTransfers
  | GetAllQueuedTransfers
  | ChangeDUState;

/** A CPE's successful answers to those methods. */
export type CpeResponse =
  | GetRPCMethodsResponse
  | GetParameterNamesResponse
  | GetParameterValuesResponse
  | SetParameterValuesResponse
  | GetParameterAttributesResponse
  | SetParameterAttributesResponse
  | AddObjectResponse
  | DeleteObjectResponse
  | RebootResponse
  | FactoryResetResponse
  | DownloadResponse
  | UploadResponse
  | ScheduleInformResponse
  | ScheduleDownloadResponse
  | CancelTransferResponse
  | GetQueuedTransfersResponse
  | GetAllQueuedTransfersResponse
  | ChangeDUStateResponse;

/** The methods a CPE calls on the ACS. */
export type CpeRequest =
  | Inform
  | TransferComplete
  | AutonomousTransferComplete
  | GetRPCMethods
  | RequestDownload
  | Kicked
  | DUStateChangeComplete
  | AutonomousDUStateChangeComplete;

/** The ACS's successful answers to those methods. */
export type AcsResponse =
  | InformResponse
  | TransferCompleteResponse
  | AutonomousTransferCompleteResponse
  | GetRPCMethodsResponse
  | RequestDownloadResponse
  | KickedResponse
  | DUStateChangeCompleteResponse
  | AutonomousDUStateChangeCompleteResponse;

/** Everything a CPE may send, and everything an ACS may send. */
export type CpeMessage = CpeRequest | CpeResponse | Fault;
export type AcsMessage = AcsRequest | AcsResponse | Fault;
export type CwmpMessage = CpeMessage | AcsMessage;
export type CwmpMessageType = CwmpMessage['type'];

type AnyCodec = MessageCodec<{ type: string }>;

const CODECS: AnyCodec[] = [
  getRpcMethodsCodec,
  getRpcMethodsResponseCodec,
  getParameterNamesCodec,
  getParameterNamesResponseCodec,
  getParameterValuesCodec,
  getParameterValuesResponseCodec,
  setParameterValuesCodec,
  setParameterValuesResponseCodec,
  getParameterAttributesCodec,
  getParameterAttributesResponseCodec,
  setParameterAttributesCodec,
  setParameterAttributesResponseCodec,
  addObjectCodec,
  addObjectResponseCodec,
  deleteObjectCodec,
  deleteObjectResponseCodec,
  rebootCodec,
  rebootResponseCodec,
  factoryResetCodec,
  factoryResetResponseCodec,
  downloadCodec,
  downloadResponseCodec,
  uploadCodec,
  uploadResponseCodec,
  scheduleInformCodec,
  scheduleInformResponseCodec,
  scheduleDownloadCodec,
  scheduleDownloadResponseCodec,
  cancelTransferCodec,
  cancelTransferResponseCodec,
  getQueuedTransfersCodec,
  getQueuedTransfersResponseCodec,
  getAllQueuedTransfersCodec,
  getAllQueuedTransfersResponseCodec,
  changeDuStateCodec,
  changeDuStateResponseCodec,
  informCodec,
  informResponseCodec,
  transferCompleteCodec,
  transferCompleteResponseCodec,
  autonomousTransferCompleteCodec,
  autonomousTransferCompleteResponseCodec,
  requestDownloadCodec,
  requestDownloadResponseCodec,
  kickedCodec,
  kickedResponseCodec,
  duStateChangeCompleteCodec,
  duStateChangeCompleteResponseCodec,
  autonomousDuStateChangeCompleteCodec,
  autonomousDuStateChangeCompleteResponseCodec,
] as AnyCodec[];

const BY_TYPE = new Map<string, AnyCodec>(CODECS.map((codec) => [codec.type, codec]));

export function codecFor(type: string): AnyCodec | undefined {
  return BY_TYPE.get(type);
}

export const ACS_REQUEST_TYPES = [
  'GetRPCMethods',
  'GetParameterNames',
  'GetParameterValues',
  'SetParameterValues',
  'GetParameterAttributes',
  'SetParameterAttributes',
  'AddObject',
  'DeleteObject',
  'Reboot',
  'FactoryReset',
  'Download',
  'Upload',
  'ScheduleInform',
  'ScheduleDownload',
  'CancelTransfer',
  'GetQueuedTransfers',
  'GetAllQueuedTransfers',
  'ChangeDUState',
] as const satisfies readonly AcsRequest['type'][];

export const CPE_REQUEST_TYPES = [
  'Inform',
  'TransferComplete',
  'AutonomousTransferComplete',
  'GetRPCMethods',
  'RequestDownload',
  'Kicked',
  'DUStateChangeComplete',
  'AutonomousDUStateChangeComplete',
] as const satisfies readonly CpeRequest['type'][];

export const CPE_RESPONSE_TYPES = ACS_REQUEST_TYPES.map(
  (type) => `${type}Response` as CpeResponse['type'],
);
export const ACS_RESPONSE_TYPES = CPE_REQUEST_TYPES.map(
  (type) => `${type}Response` as AcsResponse['type'],
);

const SENT_BY_CPE = new Set<string>([...CPE_REQUEST_TYPES, ...CPE_RESPONSE_TYPES, 'Fault']);
const SENT_BY_ACS = new Set<string>([...ACS_REQUEST_TYPES, ...ACS_RESPONSE_TYPES, 'Fault']);

export type Sender = 'cpe' | 'acs';

export function isSentBy(sender: Sender, type: string): boolean {
  return (sender === 'cpe' ? SENT_BY_CPE : SENT_BY_ACS).has(type);
}
