import { booleanElement, dateTimeElement, element, unsignedElement } from '../xml/writer';
import { emptyMessageCodec, MessageCodec } from './message-codec';
import { readTransferFault, TransferFault, writeTransferFault } from './structs/transfer-fault';

export interface TransferComplete {
  type: 'TransferComplete';
  commandKey: string;
  fault: TransferFault;
  startTime: string | null;
  completeTime: string | null;
}

export interface TransferCompleteResponse {
  type: 'TransferCompleteResponse';
}

export interface AutonomousTransferComplete {
  type: 'AutonomousTransferComplete';
  announceUrl: string;
  transferUrl: string;
  isDownload: boolean;
  fileType: string;
  fileSize: number;
  targetFileName: string;
  fault: TransferFault;
  startTime: string | null;
  completeTime: string | null;
}

export interface AutonomousTransferCompleteResponse {
  type: 'AutonomousTransferCompleteResponse';
}

export const transferCompleteCodec: MessageCodec<TransferComplete> = {
  type: 'TransferComplete',
  decode: (method) => ({
    type: 'TransferComplete',
    commandKey: method.optionalString('CommandKey'),
    fault: readTransferFault(method),
    startTime: method.optionalDateTime('StartTime'),
    completeTime: method.optionalDateTime('CompleteTime'),
  }),
  encode: (message, options) =>
    element('CommandKey', message.commandKey) +
    writeTransferFault(message.fault) +
    dateTimeElement('StartTime', message.startTime, options) +
    dateTimeElement('CompleteTime', message.completeTime, options),
};

export const autonomousTransferCompleteCodec: MessageCodec<AutonomousTransferComplete> = {
  type: 'AutonomousTransferComplete',
  decode: (method) => ({
    type: 'AutonomousTransferComplete',
    announceUrl: method.optionalString('AnnounceURL'),
    transferUrl: method.optionalString('TransferURL'),
    isDownload: method.boolean('IsDownload'),
    fileType: method.string('FileType'),
    fileSize: method.optionalInt('FileSize') ?? 0,
    targetFileName: method.optionalString('TargetFileName'),
    fault: readTransferFault(method),
    startTime: method.optionalDateTime('StartTime'),
    completeTime: method.optionalDateTime('CompleteTime'),
  }),
  encode: (message, options) =>
    element('AnnounceURL', message.announceUrl) +
    element('TransferURL', message.transferUrl) +
    booleanElement('IsDownload', message.isDownload, options) +
    element('FileType', message.fileType) +
    unsignedElement('FileSize', message.fileSize) +
    element('TargetFileName', message.targetFileName) +
    writeTransferFault(message.fault) +
    dateTimeElement('StartTime', message.startTime, options) +
    dateTimeElement('CompleteTime', message.completeTime, options),
};

export const transferCompleteResponseCodec = emptyMessageCodec('TransferCompleteResponse');
export const autonomousTransferCompleteResponseCodec = emptyMessageCodec(
  'AutonomousTransferCompleteResponse',
);
