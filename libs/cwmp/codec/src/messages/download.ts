import { element, unsignedElement } from '../xml/writer';
import { MessageCodec } from './message-codec';
import {
  readTransferResponse,
  TransferResponseFields,
  writeTransferResponse,
} from './structs/transfer-response';

export interface Download {
  type: 'Download';
  commandKey: string;
  /** `1 Firmware Upgrade Image`, `3 Vendor Configuration File`, `X <OUI> ...`. */
  fileType: string;
  url: string;
  username: string;
  password: string;
  fileSize: number;
  targetFileName: string;
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
    commandKey: method.optionalString('CommandKey'),
    fileType: method.string('FileType'),
    url: method.string('URL'),
    username: method.optionalString('Username'),
    password: method.optionalString('Password'),
    fileSize: method.optionalInt('FileSize') ?? 0,
    targetFileName: method.optionalString('TargetFileName'),
    delaySeconds: method.optionalInt('DelaySeconds') ?? 0,
    successUrl: method.optionalString('SuccessURL'),
    failureUrl: method.optionalString('FailureURL'),
  }),
  encode: (message) =>
    element('CommandKey', message.commandKey) +
    element('FileType', message.fileType) +
    element('URL', message.url) +
    element('Username', message.username) +
    element('Password', message.password) +
    unsignedElement('FileSize', message.fileSize) +
    element('TargetFileName', message.targetFileName) +
    unsignedElement('DelaySeconds', message.delaySeconds) +
    element('SuccessURL', message.successUrl) +
    element('FailureURL', message.failureUrl),
};

export const downloadResponseCodec: MessageCodec<DownloadResponse> = {
  type: 'DownloadResponse',
  decode: (method) => ({ type: 'DownloadResponse', ...readTransferResponse(method) }),
  encode: writeTransferResponse,
};
