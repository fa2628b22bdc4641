import { Schema, type Connection, type Model } from 'mongoose';
import { isDuplicateKey, modelOn, timeOrderedId, type StoreClock } from '@acs/persistence';
import type {
  CampaignState,
  DeviceRunState,
  FailureCounts,
  FinishedDevice,
} from '@acs/firmware-domain';
import {
  campaignFromRecord,
  campaignToRecord,
  changedCampaign,
  movedDevice,
  type CampaignRecord,
} from './campaign-records';
import {
  DevicesInOtherCampaignError,
  type Campaign,
  type CampaignChange,
  type CampaignDevice,
  type CampaignStore,
  type DeviceChange,
  type NewCampaign,
  type NewCampaignDevice,
  type WaveStateCount,
} from './campaign-store';

interface CampaignDocument {
  _id: string;
  state: string;
  revision: number;
  body: string;
}

interface DeviceDocument {
  /** `<campaign id>/<device id>`: a device's record is one point read away. */
  _id: string;
  campaignId: string;
  deviceId: string;
  wave: number;
  state: string;
  attempts: number;
  startedAt?: string;
  retryAt?: string;
  finishedAt?: string;
  /** The failure's kind of a failed device (the stop rules count them). */
  failureKind?: string;
  body: string;
}

/** One per device in a campaign that has not ended: `_id` is the device id. */
interface MembershipDocument {
  _id: string;
  campaignId: string;
}

const options = { versionKey: false, autoIndex: false, timestamps: false } as const;

const campaignSchema = new Schema<CampaignDocument>(
  {
    _id: { type: String, required: true },
    state: { type: String, required: true },
    revision: { type: Number, required: true },
    body: { type: String, required: true },
  },
  options,
);

const deviceSchema = new Schema<DeviceDocument>(
  {
    _id: { type: String, required: true },
    campaignId: { type: String, required: true },
    deviceId: { type: String, required: true },
    wave: { type: Number, required: true },
    state: { type: String, required: true },
    attempts: { type: Number, required: true },
    startedAt: { type: String },
    retryAt: { type: String },
    finishedAt: { type: String },
    failureKind: { type: String },
    body: { type: String, required: true },
  },
  options,
);
deviceSchema.index({ campaignId: 1, state: 1, wave: 1 });
deviceSchema.index({ campaignId: 1, finishedAt: -1 });
deviceSchema.index({ campaignId: 1, startedAt: 1 });
deviceSchema.index({ campaignId: 1, deviceId: 1 });

const membershipSchema = new Schema<MembershipDocument>(
  { _id: { type: String, required: true }, campaignId: { type: String, required: true } },
  options,
);
membershipSchema.index({ campaignId: 1 });

function deviceKey(campaignId: string, deviceId: string): string {
  return `${campaignId}/${deviceId}`;
}

function deviceOf(document: Pick<DeviceDocument, 'body'>): CampaignDevice {
  return JSON.parse(document.body) as CampaignDevice;
}

function documentOf(device: CampaignDevice): DeviceDocument {
  return {
    _id: deviceKey(device.campaignId, device.deviceId),
    campaignId: device.campaignId,
    deviceId: device.deviceId,
    wave: device.wave,
    state: device.state,
    attempts: device.attempts,
    ...(device.startedAt === undefined ? {} : { startedAt: device.startedAt }),
    ...(device.retryAt === undefined ? {} : { retryAt: device.retryAt }),
    ...(device.finishedAt === undefined ? {} : { finishedAt: device.finishedAt }),
    ...(device.state === 'failed' && device.failure ? { failureKind: device.failure.kind } : {}),
    body: JSON.stringify(device),
  };
}

function campaignOf(document: CampaignDocument): Campaign {
  return campaignFromRecord(JSON.parse(document.body) as CampaignRecord);
}

const INSERT_BATCH = 1_000;

/**
 * CampaignStore on MongoDB. Memberships (`_id` = device id) make "one campaign per device" an
 * insert that fails on a duplicate key, so two campaigns created at once cannot share a device,
 * and the per-event lookup of a device's campaign is a point read.
 */
export class MongoCampaignStore implements CampaignStore {
  private readonly now: () => Date;

  private constructor(
    private readonly campaigns: Model<CampaignDocument>,
    private readonly deviceRecords: Model<DeviceDocument>,
    private readonly memberships: Model<MembershipDocument>,
    clock: StoreClock,
  ) {
    this.now = clock.now ?? (() => new Date());
  }

  static async open(connection: Connection, clock: StoreClock = {}): Promise<MongoCampaignStore> {
    const campaigns = modelOn(connection, 'FirmwareCampaign', campaignSchema, 'firmware_campaigns');
    const devices = modelOn(
      connection,
      'FirmwareCampaignDevice',
      deviceSchema,
      'firmware_campaign_devices',
    );
    const memberships = modelOn(
      connection,
      'FirmwareCampaignMembership',
      membershipSchema,
      'firmware_campaign_memberships',
    );
    await Promise.all([
      campaigns.createIndexes(),
      devices.createIndexes(),
      memberships.createIndexes(),
    ]);
    return new MongoCampaignStore(campaigns, devices, memberships, clock);
  }

  async create(campaign: NewCampaign, devices: readonly NewCampaignDevice[]): Promise<Campaign> {
    const createdAt = this.now();
    const stored: Campaign = { ...campaign, id: timeOrderedId(createdAt), createdAt, revision: 1 };
    await this.claimMemberships(
      stored.id,
      devices.map((device) => device.deviceId),
    );
    try {
      for (let i = 0; i < devices.length; i += INSERT_BATCH) {
        const batch = devices
          .slice(i, i + INSERT_BATCH)
          .map((device) => documentOf({ ...device, campaignId: stored.id }));
        await this.deviceRecords.insertMany(batch, { ordered: false });
      }
      // Last: a campaign is listed only once all of its devices are stored.
      await this.campaigns.create({
        _id: stored.id,
        state: stored.state,
        revision: stored.revision,
        body: JSON.stringify(campaignToRecord(stored)),
      });
    } catch (error) {
      await this.memberships.deleteMany({ campaignId: stored.id });
      await this.deviceRecords.deleteMany({ campaignId: stored.id });
      throw error;
    }
    return stored;
  }

  /** Inserts a membership per device; on any taken device, removes its own and refuses. */
  private async claimMemberships(campaignId: string, deviceIds: readonly string[]): Promise<void> {
    const unique = [...new Set(deviceIds)];
    const taken: string[] = [];
    for (let i = 0; i < unique.length; i += INSERT_BATCH) {
      const batch = unique.slice(i, i + INSERT_BATCH).map((_id) => ({ _id, campaignId }));
      try {
        await this.memberships.insertMany(batch, { ordered: false });
      } catch (error) {
        const failed = (
          error as {
            writeErrors?: Array<{ err?: { index?: number }; index?: number; code?: number }>;
          }
        ).writeErrors;
        if (!failed && !isDuplicateKey(error)) throw error;
        for (const writeError of failed ?? []) {
          const index = writeError.index ?? writeError.err?.index;
          const id = index === undefined ? undefined : batch[index]?._id;
          if (id !== undefined) taken.push(id);
        }
      }
    }
    if (taken.length === 0) return;
    const others = await this.memberships
      .find({ _id: { $in: taken } })
      .lean<MembershipDocument[]>();
    const byDevice = new Map(
      others
        .filter((other) => other.campaignId !== campaignId)
        .map((other) => [other._id, other.campaignId]),
    );
    await this.memberships.deleteMany({ campaignId });
    throw new DevicesInOtherCampaignError(byDevice);
  }

  async get(id: string): Promise<Campaign | null> {
    const document = await this.campaigns.findById(id).lean<CampaignDocument>();
    return document ? campaignOf(document) : null;
  }

  async list(query: { limit: number; skip?: number; states?: readonly CampaignState[] }) {
    const filter = query.states?.length ? { state: { $in: [...query.states] } } : {};
    const [documents, total] = await Promise.all([
      this.campaigns
        .find(filter)
        .sort({ _id: -1 })
        .skip(query.skip ?? 0)
        .limit(query.limit)
        .lean<CampaignDocument[]>(),
      this.campaigns.countDocuments(filter),
    ]);
    return { campaigns: documents.map(campaignOf), total };
  }

  async update(id: string, revision: number, change: CampaignChange): Promise<Campaign | null> {
    const current = await this.get(id);
    if (!current || current.revision !== revision) return null;
    const next = changedCampaign(current, change);
    const result = await this.campaigns.updateOne(
      { _id: id, revision },
      {
        $set: {
          state: next.state,
          revision: next.revision,
          body: JSON.stringify(campaignToRecord(next)),
        },
      },
    );
    return result.modifiedCount === 1 ? next : null;
  }

  async releaseDevices(campaignId: string): Promise<void> {
    await this.memberships.deleteMany({ campaignId });
  }

  async device(campaignId: string, deviceId: string): Promise<CampaignDevice | null> {
    const document = await this.deviceRecords
      .findById(deviceKey(campaignId, deviceId))
      .lean<DeviceDocument>();
    return document ? deviceOf(document) : null;
  }

  async activeMembership(deviceId: string): Promise<CampaignDevice | null> {
    const membership = await this.memberships.findById(deviceId).lean<MembershipDocument>();
    return membership ? this.device(membership.campaignId, deviceId) : null;
  }

  async activeCampaigns(deviceIds: readonly string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    for (const deviceId of new Set(deviceIds)) {
      const membership = await this.memberships.findById(deviceId).lean<MembershipDocument>();
      if (membership) found.set(deviceId, membership.campaignId);
    }
    return found;
  }

  async devices(
    campaignId: string,
    query: { limit: number; after?: string; states?: readonly DeviceRunState[] },
  ): Promise<CampaignDevice[]> {
    const documents = await this.deviceRecords
      .find({
        campaignId,
        deviceId: { $gt: query.after ?? '' },
        ...(query.states?.length ? { state: { $in: [...query.states] } } : {}),
      })
      .sort({ deviceId: 1 })
      .limit(query.limit)
      .select({ body: 1 })
      .lean<DeviceDocument[]>();
    return documents.map(deviceOf);
  }

  async startable(campaignId: string, query: { maxWave: number; now: Date; limit: number }) {
    const documents = await this.deviceRecords
      .find({
        campaignId,
        state: 'pending',
        wave: { $lte: query.maxWave },
        $or: [{ retryAt: { $exists: false } }, { retryAt: { $lte: query.now.toISOString() } }],
      })
      .sort({ wave: 1, deviceId: 1 })
      .limit(query.limit)
      .select({ body: 1 })
      .lean<DeviceDocument[]>();
    return documents.map(deviceOf);
  }

  async moveDevice(
    campaignId: string,
    deviceId: string,
    from: { state: DeviceRunState; attempts: number },
    to: DeviceChange,
  ): Promise<boolean> {
    const current = await this.device(campaignId, deviceId);
    if (!current || current.state !== from.state || current.attempts !== from.attempts)
      return false;
    const next = documentOf(movedDevice(current, to));
    const { _id, ...fields } = next;
    const unset = (['startedAt', 'retryAt', 'finishedAt', 'failureKind'] as const).filter(
      (field) => next[field] === undefined,
    );
    // Conditional on the state and attempts read: a concurrent move makes this one a no-op.
    const result = await this.deviceRecords.updateOne(
      { _id, state: from.state, attempts: from.attempts },
      {
        $set: fields,
        ...(unset.length ? { $unset: Object.fromEntries(unset.map((field) => [field, 1])) } : {}),
      },
    );
    return result.modifiedCount === 1;
  }

  async counts(campaignId: string): Promise<WaveStateCount[]> {
    const groups = await this.deviceRecords.aggregate<{
      _id: { wave: number; state: DeviceRunState };
      count: number;
    }>([
      { $match: { campaignId } },
      { $group: { _id: { wave: '$wave', state: '$state' }, count: { $sum: 1 } } },
    ]);
    return groups
      .map((group) => ({ wave: group._id.wave, state: group._id.state, count: group.count }))
      .sort((a, b) => a.wave - b.wave || (a.state < b.state ? -1 : a.state > b.state ? 1 : 0));
  }

  async startedSince(campaignId: string, since: Date): Promise<number> {
    return this.deviceRecords.countDocuments({
      campaignId,
      startedAt: { $gte: since.toISOString() },
    });
  }

  async failureCounts(campaignId: string, since?: Date): Promise<FailureCounts> {
    const groups = await this.deviceRecords.aggregate<{ _id: string; count: number }>([
      {
        $match: {
          campaignId,
          state: 'failed',
          ...(since ? { startedAt: { $gt: since.toISOString() } } : {}),
        },
      },
      { $group: { _id: '$failureKind', count: { $sum: 1 } } },
    ]);
    const of = (kind: string) => groups.find((group) => group._id === kind)?.count ?? 0;
    return { confirmed: of('confirmed'), unconfirmed: of('unconfirmed') };
  }

  async recentlyFinished(
    campaignId: string,
    limit: number,
    since?: Date,
  ): Promise<FinishedDevice[]> {
    const documents = await this.deviceRecords
      .find({
        campaignId,
        state: { $in: ['confirmed', 'failed'] },
        finishedAt: { $exists: true },
        ...(since ? { startedAt: { $gt: since.toISOString() } } : {}),
      })
      .sort({ finishedAt: -1, deviceId: 1 })
      .limit(limit)
      .select({ body: 1 })
      .lean<DeviceDocument[]>();
    return documents.map(deviceOf).map((device) => ({
      deviceId: device.deviceId,
      ...(device.state === 'failed' && device.failure ? { failure: device.failure.kind } : {}),
    }));
  }

  /** Nothing of its own to release: the connection belongs to the caller. */
  async close(): Promise<void> {
    return;
  }
}
