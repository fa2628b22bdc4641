import type { CampaignTarget } from '../campaigns/campaign-store';

/** Which devices are backed up, how often, which file, and how many files each keeps. */
export interface BackupPolicySpec {
  readonly name: string;
  readonly target: CampaignTarget;
  /** `1 Vendor Configuration File` or `2 Vendor Log File`. */
  readonly fileType: string;
  readonly intervalSeconds: number;
  /** The newest files of this type a device keeps; older ones are deleted. */
  readonly keep: number;
}

export interface BackupPolicy extends BackupPolicySpec {
  readonly id: string;
  readonly createdAt: Date;
  /** When it last ran (absent: never; it runs at the next turn). */
  readonly lastRunAt?: Date;
}

/** The backup policies (firmware owns them): few, read whole. */
export interface BackupPolicyStore {
  create(spec: BackupPolicySpec): Promise<BackupPolicy>;
  list(): Promise<BackupPolicy[]>;
  get(id: string): Promise<BackupPolicy | null>;
  delete(id: string): Promise<boolean>;
  /** Records a run if the policy last ran when the caller read it (one runner wins a turn). */
  markRun(id: string, previous: Date | undefined, at: Date): Promise<boolean>;
}

export interface PolicyRecord extends BackupPolicySpec {
  id: string;
  createdAt: string;
  lastRunAt?: string;
}

export function policyOf(record: PolicyRecord): BackupPolicy {
  const { createdAt, lastRunAt, ...spec } = record;
  return {
    ...spec,
    createdAt: new Date(createdAt),
    ...(lastRunAt === undefined ? {} : { lastRunAt: new Date(lastRunAt) }),
  };
}
