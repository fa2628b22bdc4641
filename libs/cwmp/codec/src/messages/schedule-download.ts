import { element, intElement, soapArray, unsignedElement } from '../xml/writer';
import { emptyMessageCodec, MessageCodec } from './message-codec';

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

export interface ScheduleDownload {
  type: 'ScheduleDownload';
  commandKey: string;
  fileType: string;
  url: string;
  username: string;
  password: string;
  fileSize: number;
  targetFileName: string;
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
    commandKey: method.optionalString('CommandKey'),
    fileType: method.string('FileType'),
    url: method.string('URL'),
    username: method.optionalString('Username'),
    password: method.optionalString('Password'),
    fileSize: method.optionalInt('FileSize') ?? 0,
    targetFileName: method.optionalString('TargetFileName'),
    timeWindows: method.items('TimeWindowList').map((window) => ({
      windowStart: window.int('WindowStart'),
      windowEnd: window.int('WindowEnd'),
      windowMode: window.string('WindowMode'),
      userMessage: window.optionalString('UserMessage'),
      maxRetries: window.optionalInt('MaxRetries') ?? -1,
    })),
  }),
  encode: (message) =>
    element('CommandKey', message.commandKey) +
    element('FileType', message.fileType) +
    element('URL', message.url) +
    element('Username', message.username) +
    element('Password', message.password) +
    unsignedElement('FileSize', message.fileSize) +
    element('TargetFileName', message.targetFileName) +
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
