import { element, intElement, soapArray } from '../xml/writer';
import { emptyMessageCodec, MessageCodec } from './message-codec';

export interface GetQueuedTransfers {
  type: 'GetQueuedTransfers';
}

export interface QueuedTransfer {
  commandKey: string;
  /** 1 not yet started, 2 in progress, 3 completed. */
  state: number;
}

export interface GetQueuedTransfersResponse {
  type: 'GetQueuedTransfersResponse';
  transfers: QueuedTransfer[];
}

export const getQueuedTransfersCodec = emptyMessageCodec('GetQueuedTransfers');

export const getQueuedTransfersResponseCodec: MessageCodec<GetQueuedTransfersResponse> = {
  type: 'GetQueuedTransfersResponse',
  decode: (method) => ({
    type: 'GetQueuedTransfersResponse',
    transfers: method.optionalItems('TransferList').map((transfer) => ({
      commandKey: transfer.optionalString('CommandKey'),
      state: transfer.int('State'),
    })),
  }),
  encode: (message) =>
    soapArray(
      'TransferList',
      'cwmp:QueuedTransferStruct',
      message.transfers.map(
        (transfer) =>
          `<QueuedTransferStruct>${element('CommandKey', transfer.commandKey)}${intElement('State', transfer.state)}</QueuedTransferStruct>`,
      ),
    ),
};
