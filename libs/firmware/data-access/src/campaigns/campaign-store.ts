import type {
  CampaignPlan,
  CampaignState,
  DeviceProgress,
  DeviceRunState,
  FailureCounts,
  FinishedDevice,
  PauseReason,
} from '@acs/firmware-domain';

/** Which devices a campaign is for, as the operator gave it (resolved once, at creation). */
export type CampaignTarget =
  | { readonly kind: 'filter'; readonly filter: Record<string, unknown> }
  | { readonly kind: 'devices'; readonly deviceIds: readonly string[] }
  | { readonly kind: 'tag'; readonly tag: string };

export interface Campaign {
  readonly id: string;
  readonly name: string;
  /** The one image every device gets, when the operator named it (else each device's own). */
  readonly imageId?: string;
  /** The version the devices end on. */
  readonly targetVersion: string;
  readonly target: CampaignTarget;
  readonly plan: CampaignPlan;
  readonly state: CampaignState;
  readonly pause?: PauseReason;
  /** Devices per wave, the canary first when the plan has one. */
  readonly waveSizes: readonly number[];
  readonly currentWave: number;
  readonly soakUntil?: Date;
  /** A scheduled campaign starts then (absent: when an operator starts it). */
  readonly startAt?: Date;
  readonly createdAt: Date;
  readonly startedAt?: Date;
  readonly endedAt?: Date;
  /** Stop rules look only at devices that finished after this (set on resume). */
  readonly rulesSince?: Date;
  /** Bumped by every change: updates name the revision they read (optimistic concurrency). */
  readonly revision: number;
}

/** A device's place in a campaign. */
export interface CampaignDevice extends DeviceProgress {
  readonly campaignId: string;
  readonly deviceId: string;
  readonly wave: number;
  readonly imageId: string;
  readonly productClass?: string;
  /** What it ran when the campaign was made (a rollback's target). */
  readonly fromVersion?: string;
  /** Device.Time.LocalTimeZone when it reported one (windows in the device's zone). */
  readonly timeZone?: string;
  readonly taskId?: string;
  readonly commandKey?: string;
  readonly finishedAt?: string;
  /** Why it was excluded, when it was. */
  readonly excludedBecause?: string;
}

/** Everything a change to a device may set; absent fields are removed when `replace` is used. */
export type DeviceChange = DeviceProgress &
  Pick<CampaignDevice, 'taskId' | 'commandKey' | 'finishedAt' | 'excludedBecause'>;

export type CampaignChange = Partial<
  Pick<
    Campaign,
    | 'state'
    | 'pause'
    | 'currentWave'
    | 'soakUntil'
    | 'startedAt'
    | 'endedAt'
    | 'plan'
    | 'rulesSince'
  >
> & {
  /** Fields to remove (a pause lifted, a soak over). */
  readonly unset?: ReadonlyArray<'pause' | 'soakUntil'>;
};

export interface WaveStateCount {
  readonly wave: number;
  readonly state: DeviceRunState;
  readonly count: number;
}

export type NewCampaign = Omit<Campaign, 'id' | 'createdAt' | 'revision'>;
export type NewCampaignDevice = Omit<CampaignDevice, 'campaignId'>;

/**
 * Campaigns and their devices (firmware owns them). A device is in at most one campaign that is
 * not over: `activeMembership` finds it, and creation refuses a device already in one.
 */
export interface CampaignStore {
  /**
   * Stores a campaign with its devices. Refuses (DevicesInOtherCampaignError) when a device is
   * already in a campaign that has not ended, storing nothing.
   */
  create(campaign: NewCampaign, devices: readonly NewCampaignDevice[]): Promise<Campaign>;
  get(id: string): Promise<Campaign | null>;
  /** Newest first; optionally only campaigns in these states. */
  list(query: { limit: number; skip?: number; states?: readonly CampaignState[] }): Promise<{
    campaigns: Campaign[];
    total: number;
  }>;
  /** Applies the change if the campaign is still at `revision`: the campaign after it, or null. */
  update(id: string, revision: number, change: CampaignChange): Promise<Campaign | null>;
  /**
   * Ends every membership of the campaign's devices (it completed or was cancelled): they may join
   * another campaign. Their states stay as they were.
   */
  releaseDevices(campaignId: string): Promise<void>;

  device(campaignId: string, deviceId: string): Promise<CampaignDevice | null>;
  /** The device's place in a campaign that has not ended, if any. */
  activeMembership(deviceId: string): Promise<CampaignDevice | null>;
  /** Which of these devices are in a campaign that has not ended (device id → campaign id). */
  activeCampaigns(deviceIds: readonly string[]): Promise<Map<string, string>>;
  /** The campaign's devices, in device id order after `after`; optionally only in these states. */
  devices(
    campaignId: string,
    query: { limit: number; after?: string; states?: readonly DeviceRunState[] },
  ): Promise<CampaignDevice[]>;
  /**
   * Pending devices of waves up to `maxWave` that may start at `now` (no retry time, or one that
   * has come), lowest wave first.
   */
  startable(
    campaignId: string,
    query: { maxWave: number; now: Date; limit: number },
  ): Promise<CampaignDevice[]>;
  /**
   * Sets the device's progress if it is still in `from` with `attempts` (so two instances, or a
   * redelivered event, never move it twice): whether it did.
   */
  moveDevice(
    campaignId: string,
    deviceId: string,
    from: { state: DeviceRunState; attempts: number },
    to: DeviceChange,
  ): Promise<boolean>;
  /** Devices per wave and state. */
  counts(campaignId: string): Promise<WaveStateCount[]>;
  /** Devices whose current attempt started at or after `since`. */
  startedSince(campaignId: string, since: Date): Promise<number>;
  /**
   * Failed devices by failure kind; with `startedAfter`, only devices whose (last) attempt
   * started after it: what the rollout did since a resume, not what was already under way.
   */
  failureCounts(campaignId: string, startedAfter?: Date): Promise<FailureCounts>;
  /** Finished devices (confirmed or failed), newest first; `startedAfter` as for failureCounts. */
  recentlyFinished(
    campaignId: string,
    limit: number,
    startedAfter?: Date,
  ): Promise<FinishedDevice[]>;
  close(): Promise<void>;
}

export class DevicesInOtherCampaignError extends Error {
  override readonly name = 'DevicesInOtherCampaignError';

  constructor(readonly campaignsByDevice: ReadonlyMap<string, string>) {
    super(
      `${campaignsByDevice.size} device(s) already in a running campaign: ` +
        [...campaignsByDevice]
          .slice(0, 10)
          .map(([device, campaign]) => `${device} (${campaign})`)
          .join(', '),
    );
  }
}
