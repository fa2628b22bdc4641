export {
  AdvanceCampaigns,
  CAMPAIGN_COMMAND_KEY_PREFIX,
  campaignCommandKey,
} from './advance-campaigns';
export { ControlCampaign, type CampaignControl } from './control-campaign';
export {
  CreateCampaign,
  MAX_CAMPAIGN_DEVICES,
  type CreateCampaignInput,
  type CreatedCampaign,
} from './create-campaign';
export { InFlightDevices } from './device-moves';
export {
  GetCampaign,
  ListCampaignDevices,
  ListCampaigns,
  progressOf,
  type CampaignProgress,
} from './campaign-queries';
export type * from './ports';
export { RecordCampaignSignal } from './record-campaign-signal';
export { rollbackCommandKey } from './rollback-moves';
