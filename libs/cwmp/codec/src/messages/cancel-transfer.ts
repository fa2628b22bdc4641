import { element } from '../xml/writer';
import { emptyMessageCodec, MessageCodec } from './message-codec';

export interface CancelTransfer {
  type: 'CancelTransfer';
  commandKey: string;
}

export interface CancelTransferResponse {
  type: 'CancelTransferResponse';
}

export const cancelTransferCodec: MessageCodec<CancelTransfer> = {
  type: 'CancelTransfer',
  decode: (method) => ({ type: 'CancelTransfer', commandKey: method.optionalString('CommandKey') }),
  encode: (message) => element('CommandKey', message.commandKey),
};

export const cancelTransferResponseCodec = emptyMessageCodec('CancelTransferResponse');
