export { CampaignEngine, type CampaignEngineOptions } from './campaign-engine';
export { CampaignMetrics } from './campaign-metrics';
export { FirmwareEventPublisher } from './firmware-event-publisher';
export { SignedDownloadLinks } from './signed-download-links';
export { campaignControlForCommands, type CommandCampaignOutcome } from './campaign-commands';
