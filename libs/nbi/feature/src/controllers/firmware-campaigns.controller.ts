import {
  ControlCampaign,
  CreateCampaign,
  GetCampaign,
  ListCampaignDevices,
  ListCampaigns,
} from '@acs/firmware-use-cases';
import { Endpoint } from '../http/endpoint';
import type { InputOf } from '../http/endpoint';
import { Input } from '../http/input';
import { ROUTES } from '../http/routes';
import { campaignDeviceView, campaignView } from '../use-cases/firmware-operations';
import { NbiController } from './nbi-controller.decorator';

/** Firmware campaigns: made, watched and steered by operators (the engine runs elsewhere). */
@NbiController()
export class FirmwareCampaignsController {
  constructor(
    private readonly createCampaign: CreateCampaign,
    private readonly controlCampaign: ControlCampaign,
    private readonly getCampaign: GetCampaign,
    private readonly listCampaigns: ListCampaigns,
    private readonly listDevices: ListCampaignDevices,
  ) {}

  @Endpoint(ROUTES.createFirmwareCampaign)
  async create(@Input() input: InputOf<typeof ROUTES.createFirmwareCampaign>) {
    const created = await this.createCampaign.execute(input.body);
    const progress = await this.getCampaign.execute(created.campaign.id);
    return { ...created, campaign: campaignView(progress) };
  }

  @Endpoint(ROUTES.listFirmwareCampaigns)
  async list(@Input() input: InputOf<typeof ROUTES.listFirmwareCampaigns>) {
    const { state, limit = 100, skip = 0 } = input.query;
    const page = await this.listCampaigns.execute({
      limit,
      skip,
      ...(state === undefined ? {} : { states: [state] }),
    });
    const campaigns = [];
    for (const campaign of page.campaigns)
      campaigns.push(campaignView(await this.getCampaign.execute(campaign.id)));
    return { campaigns, total: page.total };
  }

  @Endpoint(ROUTES.getFirmwareCampaign)
  async get(@Input() input: InputOf<typeof ROUTES.getFirmwareCampaign>) {
    return campaignView(await this.getCampaign.execute(input.params.campaignId));
  }

  @Endpoint(ROUTES.controlFirmwareCampaign)
  async control(@Input() input: InputOf<typeof ROUTES.controlFirmwareCampaign>) {
    const campaign = await this.controlCampaign.execute(input.params.campaignId, input.body);
    return campaignView(await this.getCampaign.execute(campaign.id));
  }

  @Endpoint(ROUTES.listFirmwareCampaignDevices)
  async devices(@Input() input: InputOf<typeof ROUTES.listFirmwareCampaignDevices>) {
    const { state, after, limit = 100 } = input.query;
    const devices = await this.listDevices.execute(input.params.campaignId, {
      limit,
      ...(after === undefined ? {} : { after }),
      ...(state === undefined ? {} : { states: [state] }),
    });
    return { devices: devices.map(campaignDeviceView) };
  }
}
