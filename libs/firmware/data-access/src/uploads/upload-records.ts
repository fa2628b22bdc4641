/** A file a CPE uploaded (Upload RPC: a configuration backup, a log), as stored. */
export interface UploadRecord {
  readonly uploadId: string;
  readonly deviceId: string;
  /** The Upload RPC's FileType, e.g. "1 Vendor Configuration File". */
  readonly fileType: string;
  /** Where the content is, in the FileStore. */
  readonly fileId: string;
  readonly size: number;
  /** Lower-case hex SHA-256 of the content. */
  readonly sha256: string;
  readonly receivedAt: Date;
}

/**
 * Which files each device uploaded. Written by the file server once the content is wholly in the
 * FileStore (a cut-off upload leaves no record); read per device, newest first, by the NBI and
 * the TransferComplete handling.
 */
export interface UploadRecords {
  /** Records an upload; an upload id already recorded is refused with an error. */
  add(record: UploadRecord): Promise<void>;
  /** The device's uploads, newest first. */
  listForDevice(deviceId: string): Promise<UploadRecord[]>;
  /** Forgets one of the device's uploads (its file is the caller's to delete): whether it was there. */
  delete(deviceId: string, uploadId: string): Promise<boolean>;
  close(): Promise<void>;
}
