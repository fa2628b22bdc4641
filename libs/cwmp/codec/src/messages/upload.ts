import { element, unsignedElement } from '../xml/writer';
import { MessageCodec } from './message-codec';
import {
  readTransferResponse,
  TransferResponseFields,
  writeTransferResponse,
} from './structs/transfer-response';

export interface Upload {
  type: 'Upload';
  commandKey: string;
  /** `1 Vendor Configuration File`, `2 Vendor Log File`, ... */
  fileType: string;
  url: string;
  username: string;
  password: string;
  delaySeconds: number;
}

export interface UploadResponse extends TransferResponseFields {
  type: 'UploadResponse';
}

export const uploadCodec: MessageCodec<Upload> = {
  type: 'Upload',
  decode: (method) => ({
    type: 'Upload',
    commandKey: method.optionalString('CommandKey'),
    fileType: method.string('FileType'),
    url: method.string('URL'),
    username: method.optionalString('Username'),
    password: method.optionalString('Password'),
    delaySeconds: method.optionalInt('DelaySeconds') ?? 0,
  }),
  encode: (message) =>
    element('CommandKey', message.commandKey) +
    element('FileType', message.fileType) +
    element('URL', message.url) +
    element('Username', message.username) +
    element('Password', message.password) +
    unsignedElement('DelaySeconds', message.delaySeconds),
};

export const uploadResponseCodec: MessageCodec<UploadResponse> = {
  type: 'UploadResponse',
  decode: (method) => ({ type: 'UploadResponse', ...readTransferResponse(method) }),
  encode: writeTransferResponse,
};
