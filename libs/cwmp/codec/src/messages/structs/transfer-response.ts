import { StructReader } from '../../xml/reader';
import { dateTimeElement, intElement } from '../../xml/writer';
import { EncodeOptions } from '../../options';

/** DownloadResponse and UploadResponse share this shape. */
export interface TransferResponseFields {
  /** 0: transfer completed; 1: not yet complete (a TransferComplete follows). */
  status: number;
  startTime: string | null;
  completeTime: string | null;
}

export function readTransferResponse(method: StructReader): TransferResponseFields {
  return {
    status: method.int('Status'),
    startTime: method.optionalDateTime('StartTime'),
    completeTime: method.optionalDateTime('CompleteTime'),
  };
}

export function writeTransferResponse(
  message: TransferResponseFields,
  options: EncodeOptions,
): string {
  return (
    intElement('Status', message.status) +
    dateTimeElement('StartTime', message.startTime, options) +
    dateTimeElement('CompleteTime', message.completeTime, options)
  );
}
