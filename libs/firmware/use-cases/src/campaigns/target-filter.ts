import type { CampaignTarget } from '@acs/firmware-data-access';

/** A campaign's or backup policy's target in inventory's filter language. */
export function targetFilter(target: CampaignTarget): Record<string, unknown> {
  switch (target.kind) {
    case 'filter':
      return target.filter;
    case 'devices':
      return { deviceId: { $in: [...target.deviceIds] } };
    case 'tag':
      return { tags: target.tag };
  }
}
