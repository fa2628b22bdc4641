import type {
  BackupPolicy,
  BackupPolicySpec,
  BackupPolicyStore,
  FileStore,
  UploadRecords,
} from '@acs/firmware-data-access';
import type { MetadataProblem } from '@acs/firmware-domain';
import type { CampaignLog } from '../campaigns/ports';
import { targetFilter } from '../campaigns/target-filter';
import { BackupPolicyNotFoundError, CampaignRefusedError } from '../errors';
import { BACKUP_FILE_TYPES, RequestBackup } from './backups';
import type { BackupPorts } from './ports';

const MAX_DEVICES_PER_RUN = 100_000;

function specProblems(spec: BackupPolicySpec): MetadataProblem[] {
  const problems: MetadataProblem[] = [];
  if (spec.name.trim() === '' || spec.name.length > 128)
    problems.push({ field: 'name', message: '1 to 128 characters' });
  if (!(BACKUP_FILE_TYPES as readonly string[]).includes(spec.fileType))
    problems.push({ field: 'fileType', message: BACKUP_FILE_TYPES.join(' or ') });
  if (
    !Number.isInteger(spec.intervalSeconds) ||
    spec.intervalSeconds < 60 ||
    spec.intervalSeconds > 366 * 86_400
  )
    problems.push({ field: 'intervalSeconds', message: 'whole seconds from 60 to a year' });
  if (!Number.isInteger(spec.keep) || spec.keep < 1 || spec.keep > 100)
    problems.push({ field: 'keep', message: 'from 1 to 100 files per device' });
  if (spec.target.kind === 'devices' && spec.target.deviceIds.length === 0)
    problems.push({ field: 'target.deviceIds', message: 'at least one device' });
  return problems;
}

export class CreateBackupPolicy {
  constructor(private readonly ports: { policies: BackupPolicyStore }) {}

  async execute(spec: BackupPolicySpec): Promise<BackupPolicy> {
    const problems = specProblems(spec);
    if (problems.length > 0) throw new CampaignRefusedError(problems);
    return this.ports.policies.create({ ...spec, name: spec.name.trim() });
  }
}

export class ListBackupPolicies {
  constructor(private readonly ports: { policies: BackupPolicyStore }) {}

  execute(): Promise<BackupPolicy[]> {
    return this.ports.policies.list();
  }
}

export class DeleteBackupPolicy {
  constructor(private readonly ports: { policies: BackupPolicyStore }) {}

  async execute(id: string): Promise<void> {
    if (!(await this.ports.policies.delete(id))) throw new BackupPolicyNotFoundError(id);
  }
}

export interface RunBackupPoliciesPorts extends BackupPorts {
  readonly policies: BackupPolicyStore;
  readonly uploads: Pick<UploadRecords, 'listForDevice' | 'delete'>;
  readonly files: Pick<FileStore, 'read' | 'stat' | 'delete'>;
  readonly devices: BackupPorts['devices'] & {
    matching: (
      filter: Record<string, unknown>,
      max: number,
    ) => Promise<{ devices: Array<{ deviceId: string }> }>;
  };
  readonly log: CampaignLog;
}

/**
 * Runs the policies that are due: each device of the target keeps its newest `keep - 1` files of
 * the policy's type (older ones are deleted, record and file) and is asked for a new one, at its
 * next Inform. A run is claimed first (markRun from the last run read), so two instances do not
 * both run it.
 */
export class RunBackupPolicies {
  private readonly request: RequestBackup;

  constructor(private readonly ports: RunBackupPoliciesPorts) {
    this.request = new RequestBackup(ports);
  }

  async execute(): Promise<void> {
    const now = this.ports.now();
    for (const policy of await this.ports.policies.list()) {
      const due =
        !policy.lastRunAt ||
        policy.lastRunAt.getTime() + policy.intervalSeconds * 1000 <= now.getTime();
      if (!due || !(await this.ports.policies.markRun(policy.id, policy.lastRunAt, now))) continue;
      const { devices } = await this.ports.devices.matching(
        targetFilter(policy.target),
        MAX_DEVICES_PER_RUN,
      );
      for (const { deviceId } of devices) {
        try {
          await this.prune(deviceId, policy);
          await this.request.execute({
            deviceId,
            fileType: policy.fileType as (typeof BACKUP_FILE_TYPES)[number],
          });
        } catch (error) {
          this.ports.log.error('backup policy run failed for a device', {
            policyId: policy.id,
            deviceId,
            error: error instanceof Error ? error.message : String(error),
          });
        }
      }
    }
  }

  /** Keeps the newest `keep - 1` files of the type: the one asked for makes `keep`. */
  private async prune(deviceId: string, policy: BackupPolicy): Promise<void> {
    const ofType = (await this.ports.uploads.listForDevice(deviceId)).filter(
      (record) => record.fileType === policy.fileType,
    );
    for (const old of ofType.slice(Math.max(0, policy.keep - 1))) {
      await this.ports.uploads.delete(deviceId, old.uploadId);
      await this.ports.files.delete(old.fileId);
    }
  }
}
