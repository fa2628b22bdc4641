import type { Campaign } from '@acs/firmware-data-access';
import {
  campaignActionAllowed,
  rollbackCandidateStates,
  rollbackRequested,
  type RollbackScope,
} from '@acs/firmware-domain';
import { CampaignStateError, NothingToRollBackError } from '../errors';
import { campaignDevicesIn } from './campaign-devices';
import type { CampaignPorts } from './ports';
import { rollingOf, saveRollback } from './rollback-moves';

/**
 * An operator's rollback of a paused campaign's devices (those that failed, or all it reached):
 * each is marked for it, and the engine's turns take them back (see rollback-turn.ts), wherever
 * the engine runs. The campaign stays paused. Refused when no device qualifies.
 */
export async function requestRollback(
  ports: Pick<CampaignPorts, 'campaigns' | 'events'>,
  campaign: Campaign,
  request: { scope: RollbackScope; note?: string },
  now: Date,
): Promise<number> {
  if (!campaignActionAllowed('rollback', campaign.state))
    throw new CampaignStateError('roll back', campaign.state);
  const candidates = await campaignDevicesIn(
    ports.campaigns,
    campaign.id,
    rollbackCandidateStates(request.scope),
  );
  if (candidates.length === 0) throw new NothingToRollBackError(campaign.id, request.scope);
  let marked = 0;
  for (const device of candidates) {
    const next = rollbackRequested(device, device.fromVersion, {
      scope: request.scope,
      at: now,
      ...(request.note === undefined ? {} : { note: request.note }),
    });
    const rolling = rollingOf({ ...device, ...next });
    // A device that moved meanwhile (its verdict came in) is left as it now is.
    if (rolling && (await saveRollback(ports, device, rolling, now))) marked += 1;
  }
  return marked;
}
