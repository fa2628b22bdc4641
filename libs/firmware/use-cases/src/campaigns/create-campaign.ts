import { InvalidFilterError, validateFilter } from '@acs/device-store';
import {
  DevicesInOtherCampaignError,
  type Campaign,
  type CampaignTarget,
  type FirmwareImage,
  type NewCampaignDevice,
  type TargetDevice,
} from '@acs/firmware-data-access';
import {
  assignWaves,
  campaignPlanProblems,
  chooseImage,
  installRefusal,
  rulesMatchModel,
  sameVersion,
  waveSizes,
  type CampaignPlan,
  type MetadataProblem,
} from '@acs/firmware-domain';
import { wholeCatalogue } from '../catalogue';
import {
  CampaignConflictError,
  CampaignNotApplicableError,
  CampaignRefusedError,
  ImageNotFoundError,
} from '../errors';
import { campaignStarted } from './campaign-events';
import { targetFilter } from './target-filter';
import type { CampaignPorts } from './ports';

/** The largest target a campaign takes (its devices are resolved and stored when it is made). */
export const MAX_CAMPAIGN_DEVICES = 200_000;
const MAX_NAME_LENGTH = 128;
const SAMPLE = 100;

export interface CreateCampaignInput {
  readonly name: string;
  /** The image every device gets; or `targetVersion`, each device getting its model's image. */
  readonly imageId?: string;
  readonly targetVersion?: string;
  readonly target: CampaignTarget;
  readonly plan: CampaignPlan;
  /** `now` (the default): running at once; `manual`: until an operator starts it; or a time. */
  readonly start?: 'now' | 'manual' | { readonly at: string };
}

export interface CreatedCampaign {
  readonly campaign: Campaign;
  readonly devices: number;
  /** Target devices left out, by reason (`already-current`, `downgrade`, `not-for-model`, ...). */
  readonly skipped: {
    readonly byReason: Readonly<Record<string, number>>;
    readonly sample: ReadonlyArray<{ deviceId: string; reason: string }>;
  };
}

function inputProblems(input: CreateCampaignInput, now: Date): MetadataProblem[] {
  const problems: MetadataProblem[] = [];
  if (input.name.trim() === '' || input.name.length > MAX_NAME_LENGTH)
    problems.push({ field: 'name', message: `1 to ${MAX_NAME_LENGTH} characters` });
  if ((input.imageId === undefined) === (input.targetVersion === undefined))
    problems.push({ field: 'imageId', message: 'give either imageId or targetVersion' });
  const { target } = input;
  if (target.kind === 'devices' && target.deviceIds.length === 0)
    problems.push({ field: 'target.deviceIds', message: 'at least one device' });
  if (target.kind === 'devices' && target.deviceIds.length > MAX_CAMPAIGN_DEVICES)
    problems.push({ field: 'target.deviceIds', message: `at most ${MAX_CAMPAIGN_DEVICES}` });
  if (target.kind === 'tag' && target.tag.trim() === '')
    problems.push({ field: 'target.tag', message: 'a tag' });
  if (target.kind === 'filter') problems.push(...filterProblems(target.filter));
  problems.push(
    ...campaignPlanProblems(input.plan, now).map((p) => ({ ...p, field: `plan.${p.field}` })),
  );
  const { start } = input;
  if (typeof start === 'object' && Number.isNaN(Date.parse(start.at)))
    problems.push({ field: 'start.at', message: 'an ISO 8601 time' });
  return problems;
}

/**
 * A filter target is checked as the device list checks its filter, at once: found only when a
 * turn first reads the devices, it failed every turn of a campaign that had been accepted.
 */
function filterProblems(filter: Record<string, unknown>): MetadataProblem[] {
  try {
    validateFilter(filter);
    return [];
  } catch (error) {
    if (!(error instanceof InvalidFilterError)) throw error;
    return [{ field: `target.${error.path}`, message: error.message }];
  }
}

type Choice = { image: FirmwareImage } | { reason: string };

/**
 * Makes a campaign: checks the plan, resolves the target through inventory, keeps the devices the
 * image applies to (the others are reported by reason, never silently dropped), splits them into
 * waves and stores it all. Refused when no device can take the image, or when some are in
 * another campaign that has not ended.
 */
export class CreateCampaign {
  constructor(
    private readonly ports: Pick<
      CampaignPorts,
      'campaigns' | 'images' | 'devices' | 'events' | 'log' | 'now'
    >,
  ) {}

  async execute(input: CreateCampaignInput): Promise<CreatedCampaign> {
    const now = this.ports.now();
    const problems = inputProblems(input, now);
    if (problems.length > 0) throw new CampaignRefusedError(problems);
    const choose = await this.chooser(input);
    const matched = await this.ports.devices.matching(
      targetFilter(input.target),
      MAX_CAMPAIGN_DEVICES,
    );
    if (matched.truncated)
      throw new CampaignRefusedError([
        { field: 'target', message: `matches more than ${MAX_CAMPAIGN_DEVICES} devices` },
      ]);
    if (matched.devices.length === 0)
      throw new CampaignRefusedError([{ field: 'target', message: 'matches no device' }]);

    const members: Array<Omit<NewCampaignDevice, 'wave'>> = [];
    const byReason: Record<string, number> = {};
    const sample: Array<{ deviceId: string; reason: string }> = [];
    for (const device of matched.devices) {
      const choice = choose(device);
      if ('reason' in choice) {
        byReason[choice.reason] = (byReason[choice.reason] ?? 0) + 1;
        if (sample.length < SAMPLE)
          sample.push({ deviceId: device.deviceId, reason: choice.reason });
        continue;
      }
      members.push(memberOf(device, choice.image));
    }
    if (members.length === 0) throw new CampaignNotApplicableError(byReason);

    const sizes = waveSizes(members.length, input.plan);
    const waves = assignWaves(
      `${input.name}\u0000${now.toISOString()}`,
      members.map((m) => m.deviceId),
      sizes,
    );
    const targetVersion = input.targetVersion ?? (await this.image(input.imageId ?? '')).version;
    const { start = 'now' } = input;
    let campaign: Campaign;
    try {
      campaign = await this.ports.campaigns.create(
        {
          name: input.name.trim(),
          ...(input.imageId === undefined ? {} : { imageId: input.imageId }),
          targetVersion,
          target: input.target,
          plan: input.plan,
          state: start === 'now' ? 'running' : 'scheduled',
          waveSizes: sizes,
          currentWave: 0,
          ...(start === 'now' ? { startedAt: now } : {}),
          ...(typeof start === 'object' ? { startAt: new Date(start.at) } : {}),
        },
        members.map((member) => ({ ...member, wave: waves.get(member.deviceId) ?? 0 })),
      );
    } catch (error) {
      if (error instanceof DevicesInOtherCampaignError)
        throw new CampaignConflictError(error.campaignsByDevice);
      throw error;
    }
    if (campaign.state === 'running')
      await this.ports.events.publish(campaignStarted(campaign, now));
    this.ports.log.info('campaign created', {
      campaignId: campaign.id,
      devices: members.length,
      waves: sizes,
      skipped: byReason,
    });
    return { campaign, devices: members.length, skipped: { byReason, sample } };
  }

  private async image(imageId: string): Promise<FirmwareImage> {
    const image = await this.ports.images.get(imageId);
    if (!image) throw new ImageNotFoundError(imageId);
    return image;
  }

  /** How each target device's image is chosen: the named image, or its model's of the version. */
  private async chooser(input: CreateCampaignInput): Promise<(device: TargetDevice) => Choice> {
    if (input.imageId !== undefined) {
      const image = await this.image(input.imageId);
      if (!image.content)
        throw new CampaignRefusedError([
          { field: 'imageId', message: 'the image has no content yet' },
        ]);
      return (device) => {
        const facts = device.facts;
        if (!facts) return { reason: 'unknown-model' };
        if (!rulesMatchModel(image.rules, facts)) return { reason: 'not-for-model' };
        if (
          facts.softwareVersion !== undefined &&
          sameVersion(facts.softwareVersion, image.version)
        )
          return { reason: 'already-current' };
        const refusal = installRefusal(image.rules, image.version, facts.softwareVersion);
        return refusal ? { reason: refusal } : { image };
      };
    }
    const targetVersion = input.targetVersion ?? '';
    const candidates = (await wholeCatalogue(this.ports.images)).map((image) => ({
      ...image,
      hasContent: image.content !== undefined,
    }));
    return (device) => {
      if (!device.facts) return { reason: 'unknown-model' };
      const choice = chooseImage(device.facts, candidates, { targetVersion });
      if (choice.outcome === 'install') return { image: choice.image };
      return { reason: choice.outcome === 'current' ? 'already-current' : choice.reason };
    };
  }
}

function memberOf(device: TargetDevice, image: FirmwareImage): Omit<NewCampaignDevice, 'wave'> {
  const { facts, timeZone } = device;
  return {
    deviceId: device.deviceId,
    imageId: image.id,
    state: 'pending',
    attempts: 0,
    ...(facts?.productClass === undefined ? {} : { productClass: facts.productClass }),
    ...(facts?.softwareVersion === undefined ? {} : { fromVersion: facts.softwareVersion }),
    ...(timeZone === undefined ? {} : { timeZone }),
  };
}
