import {
  CampaignNotFoundError,
  CampaignStateError,
  ControlCampaign,
  type CampaignPorts,
} from '@acs/firmware-use-cases';

export type CommandCampaignAction = 'start' | 'pause' | 'resume' | 'cancel';

export type CommandCampaignOutcome =
  | { outcome: 'done'; state: string }
  | { outcome: 'not-found' | 'state-conflict'; message: string };

/**
 * Firmware's answer to an OSS's controlCampaign command (acs.commands): the operator API's use
 * case, its refusals as outcomes the command service reports (anything else is thrown, for it to
 * record as an internal error).
 */
export function campaignControlForCommands(
  ports: Pick<CampaignPorts, 'campaigns' | 'events' | 'now'>,
) {
  const control = new ControlCampaign(ports);
  return {
    async control(
      campaignId: string,
      action: CommandCampaignAction,
      note?: string,
    ): Promise<CommandCampaignOutcome> {
      try {
        const campaign = await control.execute(campaignId, { action, ...(note ? { note } : {}) });
        return { outcome: 'done', state: campaign.state };
      } catch (error) {
        if (error instanceof CampaignNotFoundError)
          return { outcome: 'not-found', message: error.message };
        if (error instanceof CampaignStateError)
          return { outcome: 'state-conflict', message: error.message };
        throw error;
      }
    },
  };
}
