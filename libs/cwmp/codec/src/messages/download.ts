import { element, unsignedElement } from '../xml/writer';
import { MessageCodec } from './message-codec';
import {
  DownloadFileFields,
  readDownloadFile,
  readTransferRequest,
  TransferRequestFields,
  writeDownloadFile,
  writeTransferRequest,
} from './structs/transfer-request';
import {
  readTransferResponse,
  TransferResponseFields,
  writeTransferResponse,
} from './structs/transfer-response';

export interface Download extends TransferRequestFields, DownloadFileFields {
  type: 'Download';
  delaySeconds: number;
  successUrl: string;
  failureUrl: string;
}

export interface DownloadResponse extends TransferResponseFields {
  type: 'DownloadResponse';
}

export const downloadCodec: MessageCodec<Download> = {
  type: 'Download',
  decode: (method) => ({
    type: 'Download',
    ...readTransferRequest(method),
    ...readDownloadFile(method),
    delaySeconds: method.optionalInt('DelaySeconds') ?? 0,
    successUrl: method.optionalString('SuccessURL'),
    failureUrl: method.optionalString('FailureURL'),
  }),
  encode: (message) =>
    writeTransferRequest(message) +
    writeDownloadFile(message) +
    unsignedElement('DelaySeconds', message.delaySeconds) +
    element('SuccessURL', message.successUrl) +
    element('FailureURL', message.failureUrl),
};

export const downloadResponseCodec: MessageCodec<DownloadResponse> = {
  type: 'DownloadResponse',
  decode: (method) => ({ type: 'DownloadResponse', ...readTransferResponse(method) }),
  encode: writeTransferResponse,
};
