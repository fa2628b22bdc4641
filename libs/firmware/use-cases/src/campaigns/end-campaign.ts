import type { Campaign } from '@acs/firmware-data-access';
import { CampaignNotFoundError } from '../errors';
import { campaignEnded } from './campaign-events';
import type { CampaignPorts } from './ports';

/**
 * Ends a campaign (completed, with failures, or cancelled): its devices are free for another
 * campaign, and acs.events hears the final counts. Retried on a concurrent change.
 */
export async function endCampaign(
  ports: Pick<CampaignPorts, 'campaigns' | 'events' | 'now'>,
  campaign: Campaign,
  state: 'completed' | 'completed_with_failures' | 'cancelled',
): Promise<Campaign> {
  const now = ports.now();
  let current: Campaign | null = campaign;
  while (current) {
    const ended = await ports.campaigns.update(current.id, current.revision, {
      state,
      endedAt: now,
      unset: ['soakUntil'],
    });
    if (ended) {
      await ports.campaigns.releaseDevices(ended.id);
      await ports.events.publish(campaignEnded(ended, await ports.campaigns.counts(ended.id), now));
      return ended;
    }
    current = await ports.campaigns.get(campaign.id);
  }
  throw new CampaignNotFoundError(campaign.id);
}
