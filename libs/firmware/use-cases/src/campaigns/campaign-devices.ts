import type { CampaignDevice, CampaignStore } from '@acs/firmware-data-access';

const PAGE = 1_000;

/** Every device of the campaign in these states, read page by page in device id order. */
export async function campaignDevicesIn(
  campaigns: Pick<CampaignStore, 'devices'>,
  campaignId: string,
  states: readonly CampaignDevice['state'][],
): Promise<CampaignDevice[]> {
  const all: CampaignDevice[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await campaigns.devices(campaignId, {
      limit: PAGE,
      states,
      ...(after === undefined ? {} : { after }),
    });
    all.push(...page);
    if (page.length < PAGE) return all;
    after = page[page.length - 1]?.deviceId;
  }
}
