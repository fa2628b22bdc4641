import { element, intElement, soapArray, unsignedElement } from '../xml/writer';
import { emptyMessageCodec, MessageCodec } from './message-codec';
import {
  DownloadFileFields,
  readDownloadFile,
  readTransferRequest,
  TransferRequestFields,
  writeDownloadFile,
  writeTransferRequest,
} from './structs/transfer-request';

export interface TimeWindow {
  /** Seconds from the request's receipt. */
  windowStart: number;
  windowEnd: number;
  /** `1 At Any Time`, `2 Immediately`, `3 When Idle`, `4 Confirmation Needed`. */
  windowMode: string;
  userMessage: string;
  /** -1: the CPE decides. */
  maxRetries: number;
}

export interface ScheduleDownload extends TransferRequestFields, DownloadFileFields {
  type: 'ScheduleDownload';
  /** One or two windows. */
  timeWindows: TimeWindow[];
}

export interface ScheduleDownloadResponse {
  type: 'ScheduleDownloadResponse';
}

export const scheduleDownloadCodec: MessageCodec<ScheduleDownload> = {
  type: 'ScheduleDownload',
  decode: (method) => ({
    type: 'ScheduleDownload',
    ...readTransferRequest(method),
    ...readDownloadFile(method),
    timeWindows: method.items('TimeWindowList').map((window) => ({
      windowStart: window.int('WindowStart'),
      windowEnd: window.int('WindowEnd'),
      windowMode: window.string('WindowMode'),
      userMessage: window.optionalString('UserMessage'),
      maxRetries: window.optionalInt('MaxRetries') ?? -1,
    })),
  }),
  encode: (message) =>
    writeTransferRequest(message) +
    writeDownloadFile(message) +
    soapArray(
      'TimeWindowList',
      'cwmp:TimeWindowStruct',
      message.timeWindows.map(
        (window) =>
          `<TimeWindowStruct>${unsignedElement('WindowStart', window.windowStart)}${unsignedElement('WindowEnd', window.windowEnd)}` +
          `${element('WindowMode', window.windowMode)}${element('UserMessage', window.userMessage)}${intElement('MaxRetries', window.maxRetries)}</TimeWindowStruct>`,
      ),
    ),
};

export const scheduleDownloadResponseCodec = emptyMessageCodec('ScheduleDownloadResponse');
