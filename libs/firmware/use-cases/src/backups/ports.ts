import type { FileStore, UploadRecords } from '@acs/firmware-data-access';
import type { DeviceFactsSource } from '@acs/firmware-data-access';
import type { DownloadLinks, DownloadTasks } from '../campaigns/ports';

export interface UploadTaskRequest {
  readonly deviceId: string;
  readonly fileType: string;
  readonly url: string;
  readonly username: string;
  readonly password: string;
  readonly connectionRequest: boolean;
  readonly expiresInSeconds: number;
}

/** Provisioning's task engine, as backups hand it Uploads (and restores, Downloads). */
export interface TransferTasks extends DownloadTasks {
  queueUpload(request: UploadTaskRequest): Promise<{ taskId: string }>;
}

/** Signed URLs and per-upload credentials of the file server. */
export interface TransferLinks extends DownloadLinks {
  uploadFor(
    uploadId: string,
    deviceId: string,
    fileType: string,
    expiresAt: Date,
  ): { url: string; username: string; password: string };
}

export interface BackupPorts {
  readonly uploads: Pick<UploadRecords, 'listForDevice'>;
  readonly files: Pick<FileStore, 'read' | 'stat'>;
  readonly devices: Pick<DeviceFactsSource, 'factsOf'>;
  readonly tasks: TransferTasks;
  readonly links: TransferLinks;
  readonly now: () => Date;
}
