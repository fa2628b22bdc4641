import type { Readable } from 'node:stream';
import type { UploadRecord } from '@acs/firmware-data-access';
import { newUploadId } from '@acs/firmware-domain';
import { BackupNotFoundError, FirmwareDeviceNotFoundError } from '../errors';
import type { BackupPorts } from './ports';

/** The CWMP FileTypes a backup may be: a configuration (restorable) or a log. */
export const BACKUP_FILE_TYPES = ['1 Vendor Configuration File', '2 Vendor Log File'] as const;
export type BackupFileType = (typeof BACKUP_FILE_TYPES)[number];

/** The Download FileType that puts a configuration back. */
export const RESTORE_FILE_TYPE = '3 Vendor Configuration File';

/** How long a device has to come for its Upload or restore, and its grant to be used. */
const TRANSFER_LIFETIME_SECONDS = 24 * 3600;

/**
 * Asks a device for its configuration (or log) now: an Upload task whose URL and credentials are
 * good for this one upload, to the file server, which records the file under the device.
 */
export class RequestBackup {
  constructor(private readonly ports: BackupPorts) {}

  async execute(input: {
    deviceId: string;
    fileType?: BackupFileType;
    connectionRequest?: boolean;
  }): Promise<{ uploadId: string; taskId: string }> {
    const { deviceId, fileType = BACKUP_FILE_TYPES[0] } = input;
    if (!(await this.ports.devices.factsOf(deviceId)))
      throw new FirmwareDeviceNotFoundError(deviceId);
    const uploadId = newUploadId();
    const expiresAt = new Date(this.ports.now().getTime() + TRANSFER_LIFETIME_SECONDS * 1000);
    const grant = this.ports.links.uploadFor(uploadId, deviceId, fileType, expiresAt);
    const { taskId } = await this.ports.tasks.queueUpload({
      deviceId,
      fileType,
      ...grant,
      connectionRequest: input.connectionRequest ?? false,
      expiresInSeconds: TRANSFER_LIFETIME_SECONDS,
    });
    return { uploadId, taskId };
  }
}

/** A device's backups (and uploaded logs), newest first. */
export class ListBackups {
  constructor(private readonly ports: Pick<BackupPorts, 'uploads'>) {}

  execute(deviceId: string): Promise<UploadRecord[]> {
    return this.ports.uploads.listForDevice(deviceId);
  }
}

async function backupOf(ports: Pick<BackupPorts, 'uploads'>, deviceId: string, uploadId: string) {
  const record = (await ports.uploads.listForDevice(deviceId)).find((r) => r.uploadId === uploadId);
  if (!record) throw new BackupNotFoundError(deviceId, uploadId);
  return record;
}

/** One backup's content, streamed from the file store. */
export class FetchBackup {
  constructor(private readonly ports: Pick<BackupPorts, 'uploads' | 'files'>) {}

  async execute(
    deviceId: string,
    uploadId: string,
  ): Promise<{ record: UploadRecord; content: Readable }> {
    const record = await backupOf(this.ports, deviceId, uploadId);
    if (!(await this.ports.files.stat(record.fileId)))
      throw new BackupNotFoundError(deviceId, uploadId);
    return { record, content: this.ports.files.read(record.fileId) };
  }
}

/**
 * Puts a configuration backup back on its device: a Download of "3 Vendor Configuration File"
 * whose signed URL is good for this device only. Logs cannot be restored.
 */
export class RestoreBackup {
  constructor(private readonly ports: BackupPorts) {}

  async execute(input: {
    deviceId: string;
    uploadId: string;
    connectionRequest?: boolean;
  }): Promise<{ taskId: string }> {
    const record = await backupOf(this.ports, input.deviceId, input.uploadId);
    if (record.fileType !== BACKUP_FILE_TYPES[0])
      throw new BackupNotFoundError(input.deviceId, input.uploadId, 'it is not a configuration');
    const expiresAt = new Date(this.ports.now().getTime() + TRANSFER_LIFETIME_SECONDS * 1000);
    return this.ports.tasks.queue({
      deviceId: input.deviceId,
      fileType: RESTORE_FILE_TYPE,
      url: this.ports.links.urlFor(record.fileId, input.deviceId, expiresAt),
      fileSize: record.size,
      commandKey: `restore-${input.uploadId}`.slice(0, 32),
      connectionRequest: input.connectionRequest ?? false,
      expiresInSeconds: TRANSFER_LIFETIME_SECONDS,
    });
  }
}
