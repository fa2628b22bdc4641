import { Inject } from '@nestjs/common';
import { BackupsUnavailableError } from '@acs/firmware-use-cases';
import { Endpoint, ReplyAnswer, StreamAnswer } from '../http/endpoint';
import type { InputOf } from '../http/endpoint';
import { Input } from '../http/input';
import { ROUTES } from '../http/routes';
import {
  BACKUP_OPERATIONS,
  backupPolicyView,
  backupView,
  type BackupOperations,
} from '../use-cases/firmware-operations';
import { NbiController } from './nbi-controller.decorator';

/** Configuration backups: policies, and a device's backups taken, listed, fetched, put back. */
@NbiController()
export class DeviceBackupsController {
  constructor(@Inject(BACKUP_OPERATIONS) private readonly backups: BackupOperations | null) {}

  private get operations(): BackupOperations {
    if (!this.backups) throw new BackupsUnavailableError();
    return this.backups;
  }

  @Endpoint(ROUTES.createBackupPolicy)
  async createPolicy(@Input() input: InputOf<typeof ROUTES.createBackupPolicy>) {
    return backupPolicyView(await this.operations.createPolicy.execute(input.body));
  }

  @Endpoint(ROUTES.listBackupPolicies)
  async listPolicies() {
    return { policies: (await this.operations.listPolicies.execute()).map(backupPolicyView) };
  }

  @Endpoint(ROUTES.deleteBackupPolicy)
  async deletePolicy(@Input() input: InputOf<typeof ROUTES.deleteBackupPolicy>): Promise<void> {
    await this.operations.deletePolicy.execute(input.params.policyId);
  }

  @Endpoint(ROUTES.requestDeviceBackup)
  async request(@Input() input: InputOf<typeof ROUTES.requestDeviceBackup>) {
    const { fileType, connectionRequest } = input.body;
    return this.operations.request.execute({
      deviceId: input.params.deviceId,
      ...(fileType === undefined ? {} : { fileType }),
      ...(connectionRequest === undefined ? {} : { connectionRequest }),
    });
  }

  @Endpoint(ROUTES.listDeviceBackups)
  async list(@Input() input: InputOf<typeof ROUTES.listDeviceBackups>) {
    const records = await this.operations.list.execute(input.params.deviceId);
    return { backups: records.map(backupView) };
  }

  @Endpoint(ROUTES.fetchDeviceBackup)
  async fetch(
    @Input() input: InputOf<typeof ROUTES.fetchDeviceBackup>,
    @ReplyAnswer() _response: unknown,
  ) {
    const { deviceId, uploadId } = input.params;
    const { record, content } = await this.operations.fetch.execute(deviceId, uploadId);
    return new StreamAnswer(200, content, {
      'content-type': 'application/octet-stream',
      'content-length': String(record.size),
      'content-disposition': `attachment; filename="${uploadId}"`,
      etag: `"${record.sha256}"`,
    });
  }

  @Endpoint(ROUTES.restoreDeviceBackup)
  async restore(@Input() input: InputOf<typeof ROUTES.restoreDeviceBackup>) {
    const { connectionRequest } = input.body;
    return this.operations.restore.execute({
      ...input.params,
      ...(connectionRequest === undefined ? {} : { connectionRequest }),
    });
  }
}
