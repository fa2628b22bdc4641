import { element, soapArray } from '../xml/writer';
import { emptyMessageCodec, MessageCodec } from './message-codec';

export interface FileTypeArg {
  name: string;
  value: string;
}

export interface RequestDownload {
  type: 'RequestDownload';
  fileType: string;
  fileTypeArgs: FileTypeArg[];
}

export interface RequestDownloadResponse {
  type: 'RequestDownloadResponse';
}

export const requestDownloadCodec: MessageCodec<RequestDownload> = {
  type: 'RequestDownload',
  decode: (method) => ({
    type: 'RequestDownload',
    fileType: method.string('FileType'),
    fileTypeArgs: method.optionalItems('FileTypeArg').map((arg) => ({
      name: arg.string('Name'),
      value: arg.optionalString('Value'),
    })),
  }),
  encode: (message) =>
    element('FileType', message.fileType) +
    soapArray(
      'FileTypeArg',
      'cwmp:ArgStruct',
      message.fileTypeArgs.map(
        (arg) =>
          `<ArgStruct>${element('Name', arg.name)}${element('Value', arg.value)}</ArgStruct>`,
      ),
    ),
};

export const requestDownloadResponseCodec = emptyMessageCodec('RequestDownloadResponse');
