import { booleanElement, element, intElement, soapArray, unsignedElement } from '../xml/writer';
import { emptyMessageCodec, MessageCodec } from './message-codec';
import { QueuedTransfer } from './get-queued-transfers';

export interface GetAllQueuedTransfers {
  type: 'GetAllQueuedTransfers';
}

export interface AllQueuedTransfer extends QueuedTransfer {
  isDownload: boolean;
  fileType: string;
  fileSize: number;
  targetFileName: string;
}

export interface GetAllQueuedTransfersResponse {
  type: 'GetAllQueuedTransfersResponse';
  transfers: AllQueuedTransfer[];
}

export const getAllQueuedTransfersCodec = emptyMessageCodec('GetAllQueuedTransfers');

export const getAllQueuedTransfersResponseCodec: MessageCodec<GetAllQueuedTransfersResponse> = {
  type: 'GetAllQueuedTransfersResponse',
  decode: (method) => ({
    type: 'GetAllQueuedTransfersResponse',
    transfers: method.optionalItems('TransferList').map((transfer) => ({
      commandKey: transfer.optionalString('CommandKey'),
      state: transfer.int('State'),
      isDownload: transfer.boolean('IsDownload'),
      fileType: transfer.optionalString('FileType'),
      fileSize: transfer.optionalInt('FileSize') ?? 0,
      targetFileName: transfer.optionalString('TargetFileName'),
    })),
  }),
  encode: (message, options) =>
    soapArray(
      'TransferList',
      'cwmp:AllQueuedTransferStruct',
      message.transfers.map(
        (transfer) =>
          `<AllQueuedTransferStruct>${element('CommandKey', transfer.commandKey)}${intElement('State', transfer.state)}` +
          `${booleanElement('IsDownload', transfer.isDownload, options)}${element('FileType', transfer.fileType)}` +
          `${unsignedElement('FileSize', transfer.fileSize)}${element('TargetFileName', transfer.targetFileName)}</AllQueuedTransferStruct>`,
      ),
    ),
};
