import type { Campaign, CampaignChange } from '@acs/firmware-data-access';
import {
  campaignActionAllowed,
  PLAN_LIMITS,
  type CampaignAction,
  type RollbackScope,
} from '@acs/firmware-domain';
import { CampaignNotFoundError, CampaignRefusedError, CampaignStateError } from '../errors';
import { campaignDevicesIn } from './campaign-devices';
import { campaignPaused, campaignResumed, campaignStarted } from './campaign-events';
import { endCampaign } from './end-campaign';
import type { CampaignPorts } from './ports';
import { requestRollback } from './rollback-request';

export type CampaignControl =
  | { readonly action: 'start' | 'pause' | 'resume' | 'cancel'; readonly note?: string }
  /** Raise or lower the rate of a campaign, also while it runs. */
  | { readonly action: 'limits'; readonly maxInFlight?: number; readonly maxPerMinute?: number }
  /**
   * Take devices that have not started out of the campaign (a model that fails, devices the
   * operator wants to keep): by ProductClass or by id.
   */
  | {
      readonly action: 'exclude';
      readonly productClasses?: readonly string[];
      readonly deviceIds?: readonly string[];
      readonly note?: string;
    }
  /**
   * Take a paused campaign's devices back to what they ran before it: those that failed in it,
   * or all it reached (see rollback.ts in the domain).
   */
  | { readonly action: 'rollback'; readonly devices: RollbackScope; readonly note?: string };

/**
 * An operator's (or an OSS's) hand on a campaign: start, pause, resume, cancel, rate, exclude,
 * roll back.
 */
export class ControlCampaign {
  constructor(private readonly ports: Pick<CampaignPorts, 'campaigns' | 'events' | 'now'>) {}

  async execute(campaignId: string, control: CampaignControl): Promise<Campaign> {
    const { campaigns } = this.ports;
    const campaign = await campaigns.get(campaignId);
    if (!campaign) throw new CampaignNotFoundError(campaignId);
    const now = this.ports.now();
    switch (control.action) {
      case 'limits':
        return this.limits(campaign, control);
      case 'exclude':
        await this.exclude(campaign, control, now);
        return (await campaigns.get(campaignId)) ?? campaign;
      case 'rollback':
        await requestRollback(
          this.ports,
          campaign,
          { scope: control.devices, ...(control.note === undefined ? {} : { note: control.note }) },
          now,
        );
        return (await campaigns.get(campaignId)) ?? campaign;
      case 'cancel':
        if (!campaignActionAllowed('cancel', campaign.state))
          throw new CampaignStateError('cancel', campaign.state);
        return endCampaign(this.ports, campaign, 'cancelled');
      default:
        return this.move(campaign, control.action, now, control.note);
    }
  }

  private async move(
    campaign: Campaign,
    action: Exclude<CampaignAction, 'complete' | 'cancel' | 'rollback'>,
    now: Date,
    note: string | undefined,
  ): Promise<Campaign> {
    if (!campaignActionAllowed(action, campaign.state))
      throw new CampaignStateError(action, campaign.state);
    const at = now.toISOString();
    const change: CampaignChange =
      action === 'pause'
        ? { state: 'paused', pause: { by: 'operator', at, ...(note ? { note } : {}) } }
        : action === 'resume'
          ? // Stop rules count devices started from here: the failures that paused it, and those of
            // devices already under way then, were seen.
            { state: 'running', unset: ['pause'], rulesSince: now }
          : { state: 'running', startedAt: now };
    const updated = await this.ports.campaigns.update(campaign.id, campaign.revision, change);
    if (!updated) {
      // A concurrent change (the engine's tick) moved the revision: read again and redo.
      const again = await this.ports.campaigns.get(campaign.id);
      if (!again) throw new CampaignNotFoundError(campaign.id);
      return this.move(again, action, now, note);
    }
    const event =
      action === 'pause'
        ? campaignPaused(updated, now)
        : action === 'resume'
          ? campaignResumed(updated, now)
          : campaignStarted(updated, now);
    await this.ports.events.publish(event);
    return updated;
  }

  private async limits(
    campaign: Campaign,
    control: { maxInFlight?: number; maxPerMinute?: number },
  ): Promise<Campaign> {
    if (!['scheduled', 'running', 'paused'].includes(campaign.state))
      throw new CampaignStateError('change the rate of', campaign.state);
    const problems = [];
    const { maxInFlight = campaign.plan.maxInFlight, maxPerMinute = campaign.plan.maxPerMinute } =
      control;
    if (!Number.isInteger(maxInFlight) || maxInFlight < 1 || maxInFlight > PLAN_LIMITS.maxInFlight)
      problems.push({ field: 'maxInFlight', message: `from 1 to ${PLAN_LIMITS.maxInFlight}` });
    if (
      !Number.isInteger(maxPerMinute) ||
      maxPerMinute < 1 ||
      maxPerMinute > PLAN_LIMITS.maxPerMinute
    )
      problems.push({ field: 'maxPerMinute', message: `from 1 to ${PLAN_LIMITS.maxPerMinute}` });
    if (problems.length > 0) throw new CampaignRefusedError(problems);
    for (
      let current: Campaign | null = campaign;
      current;
      current = await this.ports.campaigns.get(campaign.id)
    ) {
      const plan = { ...current.plan, maxInFlight, maxPerMinute };
      const updated = await this.ports.campaigns.update(current.id, current.revision, { plan });
      if (updated) return updated;
    }
    throw new CampaignNotFoundError(campaign.id);
  }

  private async exclude(
    campaign: Campaign,
    control: { productClasses?: readonly string[]; deviceIds?: readonly string[]; note?: string },
    now: Date,
  ): Promise<void> {
    if (!['scheduled', 'running', 'paused'].includes(campaign.state))
      throw new CampaignStateError('exclude devices from', campaign.state);
    const classes = new Set(control.productClasses ?? []);
    const ids = new Set(control.deviceIds ?? []);
    if (classes.size === 0 && ids.size === 0)
      throw new CampaignRefusedError([
        { field: 'productClasses', message: 'give productClasses or deviceIds' },
      ]);
    const because = control.note ?? 'excluded by an operator';
    const pending = await campaignDevicesIn(this.ports.campaigns, campaign.id, ['pending']);
    for (const device of pending) {
      const chosen =
        ids.has(device.deviceId) ||
        (device.productClass !== undefined && classes.has(device.productClass));
      if (!chosen) continue;
      await this.ports.campaigns.moveDevice(
        campaign.id,
        device.deviceId,
        { state: 'pending', attempts: device.attempts },
        {
          state: 'excluded',
          attempts: device.attempts,
          finishedAt: now.toISOString(),
          excludedBecause: because,
          ...(device.failure ? { failure: device.failure } : {}),
        },
      );
    }
  }
}
