import { unsignedElement } from '../xml/writer';
import { MessageCodec } from './message-codec';
import {
  readTransferRequest,
  TransferRequestFields,
  writeTransferRequest,
} from './structs/transfer-request';
import {
  readTransferResponse,
  TransferResponseFields,
  writeTransferResponse,
} from './structs/transfer-response';

export interface Upload extends TransferRequestFields {
  type: 'Upload';
  delaySeconds: number;
}

export interface UploadResponse extends TransferResponseFields {
  type: 'UploadResponse';
}

export const uploadCodec: MessageCodec<Upload> = {
  type: 'Upload',
  decode: (method) => ({
    type: 'Upload',
    ...readTransferRequest(method),
    delaySeconds: method.optionalInt('DelaySeconds') ?? 0,
  }),
  encode: (message) =>
    writeTransferRequest(message) + unsignedElement('DelaySeconds', message.delaySeconds),
};

export const uploadResponseCodec: MessageCodec<UploadResponse> = {
  type: 'UploadResponse',
  decode: (method) => ({ type: 'UploadResponse', ...readTransferResponse(method) }),
  encode: writeTransferResponse,
};
