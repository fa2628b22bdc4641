import type { Campaign, CampaignDevice, FirmwareImage } from '@acs/firmware-data-access';
import {
  firedStopRule,
  OUT_OF_ROLLOUT_STATES,
  insideWindow,
  IN_FLIGHT_STATES,
  nextWaveStep,
  recentWindowNeeded,
  startBudget,
  completedState,
  type WaveProgress,
} from '@acs/firmware-domain';
import { campaignDevicesIn } from './campaign-devices';
import { campaignPaused, campaignStarted } from './campaign-events';
import { moveOnSignal, type InFlightDevices } from './device-moves';
import { endCampaign } from './end-campaign';
import type { CampaignPorts } from './ports';
import { advanceRollbacks, ROLLBACK_WATCHED_STATES } from './rollback-turn';

const PAGE = 1_000;
/** How far past the confirmation timeout a signed download URL stays valid. */
const URL_MARGIN_MS = 3_600_000;

/** The CommandKey of a device's attempt: unique per campaign and attempt, within 32 characters. */
export function campaignCommandKey(campaignId: string, attempt: number): string {
  return `fw-${campaignId.slice(0, 16)}-${attempt}`;
}

export const CAMPAIGN_COMMAND_KEY_PREFIX = 'fw-';

/**
 * One turn of the rollout engine over every campaign that is scheduled or running: starts those
 * whose time came, pauses on the deadline or a stop rule, times devices out, moves through the
 * waves, ends finished campaigns, and hands the next devices their Downloads within the plan's
 * limits and service window. Runs on a timer, never in a CWMP session.
 */
export class AdvanceCampaigns {
  constructor(
    private readonly ports: CampaignPorts,
    private readonly inFlight: InFlightDevices,
  ) {}

  async execute(): Promise<void> {
    const inFlight = new Set<string>();
    const { campaigns } = await this.ports.campaigns.list({
      limit: 1_000,
      states: ['scheduled', 'running', 'paused'],
    });
    for (const campaign of campaigns) {
      try {
        if (campaign.state === 'scheduled') await this.startWhenDue(campaign);
        else if (campaign.state === 'running') await this.advance(campaign);
        // One read for the rollout's devices in flight and the rollbacks' (none, mostly).
        const watched = await campaignDevicesIn(this.ports.campaigns, campaign.id, [
          ...IN_FLIGHT_STATES,
          ...ROLLBACK_WATCHED_STATES,
        ]);
        for (const device of watched)
          if (IN_FLIGHT_STATES.includes(device.state)) inFlight.add(device.deviceId);
        const rollbacks = watched.filter((device) => !IN_FLIGHT_STATES.includes(device.state));
        if (campaign.state !== 'scheduled' && rollbacks.length > 0)
          for (const deviceId of await advanceRollbacks(
            this.ports,
            campaign,
            rollbacks,
            this.ports.now(),
            this.inFlight,
          ))
            inFlight.add(deviceId);
      } catch (error) {
        this.ports.log.error('campaign turn failed', {
          campaignId: campaign.id,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
    this.inFlight.replace(inFlight);
  }

  private async startWhenDue(campaign: Campaign): Promise<void> {
    const now = this.ports.now();
    if (!campaign.startAt || campaign.startAt > now) return;
    const started = await this.ports.campaigns.update(campaign.id, campaign.revision, {
      state: 'running',
      startedAt: now,
    });
    if (started) await this.ports.events.publish(campaignStarted(started, now));
  }

  private async advance(initial: Campaign): Promise<void> {
    let campaign = initial;
    const now = this.ports.now();
    const { plan } = campaign;
    if (plan.deadline !== undefined && Date.parse(plan.deadline) <= now.getTime()) {
      await this.pause(campaign, { by: 'deadline', at: now.toISOString() }, now);
      return;
    }
    await this.timeOut(campaign, now);
    const since = campaign.rulesSince;
    const [recent, failures] = await Promise.all([
      this.ports.campaigns.recentlyFinished(campaign.id, recentWindowNeeded(plan.stopRules), since),
      this.ports.campaigns.failureCounts(campaign.id, since),
    ]);
    const fired = firedStopRule(plan.stopRules, failures, recent);
    if (fired) {
      const pause = {
        by: 'rule' as const,
        at: now.toISOString(),
        ...fired,
        devices: [...fired.devices],
      };
      await this.pause(campaign, pause, now, fired);
      return;
    }
    const counts = await this.ports.campaigns.counts(campaign.id);
    const waves: WaveProgress[] = campaign.waveSizes.map((total, wave) => ({
      total,
      finished: counts
        .filter((count) => count.wave === wave && OUT_OF_ROLLOUT_STATES.includes(count.state))
        .reduce((sum, count) => sum + count.count, 0),
    }));
    const step = nextWaveStep(plan, waves, campaign, now);
    if (step.kind === 'done') {
      // A device taken back by a rollback did not end on the target either.
      const failed = counts
        .filter((count) => ['failed', 'rolled-back', 'rollback-failed'].includes(count.state))
        .reduce((sum, c) => sum + c.count, 0);
      await endCampaign(this.ports, campaign, completedState(failed) as 'completed');
      return;
    }
    if (step.kind === 'soak' || step.kind === 'next') {
      const moved = await this.ports.campaigns.update(
        campaign.id,
        campaign.revision,
        step.kind === 'soak'
          ? { soakUntil: step.until }
          : { currentWave: step.wave, unset: ['soakUntil'] },
      );
      if (!moved) return; // changed meanwhile (paused, cancelled): the next turn sees it
      campaign = moved;
    }
    const inFlight = counts
      .filter((count) => IN_FLIGHT_STATES.includes(count.state))
      .reduce((sum, count) => sum + count.count, 0);
    const started = await this.ports.campaigns.startedSince(
      campaign.id,
      new Date(now.getTime() - 60_000),
    );
    const budget = startBudget(plan, inFlight, started);
    if (budget > 0) await this.startDevices(campaign, budget, now);
  }

  private async pause(
    campaign: Campaign,
    pause: NonNullable<Campaign['pause']>,
    now: Date,
    fired?: Parameters<typeof campaignPaused>[2],
  ): Promise<void> {
    const paused = await this.ports.campaigns.update(campaign.id, campaign.revision, {
      state: 'paused',
      pause,
    });
    if (!paused) return;
    this.ports.log.warn('campaign paused', {
      campaignId: campaign.id,
      by: pause.by,
      ...(fired ? { observed: fired.observed } : {}),
    });
    await this.ports.events.publish(campaignPaused(paused, now, fired));
  }

  private async timeOut(campaign: Campaign, now: Date): Promise<void> {
    const limit = campaign.plan.confirmTimeoutSeconds * 1000;
    for (const device of await campaignDevicesIn(
      this.ports.campaigns,
      campaign.id,
      IN_FLIGHT_STATES,
    )) {
      if (device.startedAt === undefined || Date.parse(device.startedAt) + limit > now.getTime())
        continue;
      await moveOnSignal(this.ports, campaign, device, { kind: 'timed-out' }, now, this.inFlight);
    }
  }

  /** Hands Downloads to the next devices of the current waves that are inside their window. */
  private async startDevices(campaign: Campaign, budget: number, now: Date): Promise<void> {
    const { window } = campaign.plan;
    // Devices outside their window wait; read a few pages' worth to find those inside.
    const candidates = await this.ports.campaigns.startable(campaign.id, {
      maxWave: campaign.currentWave,
      now,
      limit: window ? Math.min(budget * 10, PAGE * 10) : budget,
    });
    const images = new Map<string, FirmwareImage | null>();
    let started = 0;
    for (const device of candidates) {
      if (started >= budget) return;
      if (window && !insideWindow(window, now, device.timeZone)) continue;
      if (!images.has(device.imageId))
        images.set(device.imageId, await this.ports.images.get(device.imageId));
      if (await this.startDevice(campaign, device, images.get(device.imageId) ?? null, now))
        started += 1;
    }
  }

  private async startDevice(
    campaign: Campaign,
    device: CampaignDevice,
    image: FirmwareImage | null,
    now: Date,
  ): Promise<boolean> {
    const { campaigns } = this.ports;
    const attempts = device.attempts + 1;
    const commandKey = campaignCommandKey(campaign.id, attempts);
    const scheduled = {
      state: 'scheduled' as const,
      attempts,
      startedAt: now.toISOString(),
      commandKey,
    };
    // Claimed first: a crash after this and before the task leaves a device that times out and
    // is retried, never one that gets two Downloads.
    const from = { state: device.state, attempts: device.attempts };
    if (!(await campaigns.moveDevice(campaign.id, device.deviceId, from, scheduled))) return false;
    this.inFlight.add(device.deviceId);
    if (!image?.content) {
      await campaigns.moveDevice(
        campaign.id,
        device.deviceId,
        { state: 'scheduled', attempts },
        {
          state: 'failed',
          attempts,
          finishedAt: now.toISOString(),
          failure: {
            kind: 'confirmed',
            code: 'image-missing',
            message: `image ${device.imageId} has no content`,
          },
        },
      );
      return false;
    }
    const { plan } = campaign;
    const expiresAt = new Date(now.getTime() + plan.confirmTimeoutSeconds * 1000 + URL_MARGIN_MS);
    try {
      const { taskId } = await this.ports.tasks.queue({
        deviceId: device.deviceId,
        fileType: image.fileType,
        url: this.ports.links.urlFor(image.content.fileId, device.deviceId, expiresAt),
        fileSize: image.content.size,
        commandKey,
        connectionRequest: plan.mode === 'active',
        expiresInSeconds: plan.confirmTimeoutSeconds,
      });
      await campaigns.moveDevice(
        campaign.id,
        device.deviceId,
        { state: 'scheduled', attempts },
        { ...scheduled, taskId },
      );
      return true;
    } catch (error) {
      // Provisioning did not take it: the device waits for a later turn, this attempt undone.
      this.ports.log.error('queueing a campaign Download failed', {
        campaignId: campaign.id,
        deviceId: device.deviceId,
        error: error instanceof Error ? error.message : String(error),
      });
      await campaigns.moveDevice(
        campaign.id,
        device.deviceId,
        { state: 'scheduled', attempts },
        {
          state: 'pending',
          attempts: device.attempts,
          retryAt: new Date(now.getTime() + plan.retries.backoffSeconds * 1000).toISOString(),
          ...(device.failure ? { failure: device.failure } : {}),
        },
      );
      this.inFlight.delete(device.deviceId);
      return false;
    }
  }
}
