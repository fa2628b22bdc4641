import { StructReader } from '../../xml/reader';
import { element, unsignedElement } from '../../xml/writer';

/** The leading fields Download, ScheduleDownload and Upload share, in schema order. */
export interface TransferRequestFields {
  commandKey: string;
  fileType: string;
  url: string;
  username: string;
  password: string;
}

/** The two fields that follow them in Download and ScheduleDownload. */
export interface DownloadFileFields {
  fileSize: number;
  targetFileName: string;
}

export function readTransferRequest(method: StructReader): TransferRequestFields {
  return {
    commandKey: method.optionalString('CommandKey'),
    fileType: method.string('FileType'),
    url: method.string('URL'),
    username: method.optionalString('Username'),
    password: method.optionalString('Password'),
  };
}

export function writeTransferRequest(message: TransferRequestFields): string {
  return (
    element('CommandKey', message.commandKey) +
    element('FileType', message.fileType) +
    element('URL', message.url) +
    element('Username', message.username) +
    element('Password', message.password)
  );
}

export function readDownloadFile(method: StructReader): DownloadFileFields {
  return {
    fileSize: method.optionalInt('FileSize') ?? 0,
    targetFileName: method.optionalString('TargetFileName'),
  };
}

export function writeDownloadFile(message: DownloadFileFields): string {
  return (
    unsignedElement('FileSize', message.fileSize) +
    element('TargetFileName', message.targetFileName)
  );
}
