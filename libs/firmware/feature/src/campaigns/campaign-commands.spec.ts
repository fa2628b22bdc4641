import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FirmwareEvent } from '@acs/contracts';
import { openEmbeddedFirmwareStores, type FirmwareStores } from '@acs/firmware-data-access';
import { campaignControlForCommands } from './campaign-commands';

describe("an OSS's controlCampaign command", () => {
  let dir: string;
  let stores: FirmwareStores;
  const events: FirmwareEvent[] = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'campaign-commands-'));
    stores = openEmbeddedFirmwareStores(dir);
  });
  afterEach(async () => {
    await stores.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('pauses and resumes a campaign, and reports an unknown one or a move that does not apply', async () => {
    const campaign = await stores.campaigns.create(
      {
        name: 'GW 2.1',
        imageId: 'image-1',
        targetVersion: '2.1',
        target: { kind: 'tag', tag: 'lab' },
        plan: {
          mode: 'passive',
          waves: { kind: 'equal', count: 1 },
          maxInFlight: 1,
          maxPerMinute: 1,
          stopRules: [],
          retries: { max: 0, backoffSeconds: 1 },
          confirmTimeoutSeconds: 60,
        },
        state: 'running',
        waveSizes: [1],
        currentWave: 0,
      },
      [{ deviceId: 'd1', wave: 0, imageId: 'image-1', state: 'pending', attempts: 0 }],
    );
    const commands = campaignControlForCommands({
      campaigns: stores.campaigns,
      events: { publish: async (event) => void events.push(event) },
      now: () => new Date(),
    });
    expect(await commands.control(campaign.id, 'pause', 'change freeze')).toEqual({
      outcome: 'done',
      state: 'paused',
    });
    expect(events.at(-1)).toMatchObject({ type: 'CampaignPaused', pausedBy: 'operator' });
    expect(await commands.control(campaign.id, 'pause')).toMatchObject({
      outcome: 'state-conflict',
    });
    expect(await commands.control(campaign.id, 'resume')).toEqual({
      outcome: 'done',
      state: 'running',
    });
    expect(await commands.control('no-such', 'start')).toMatchObject({ outcome: 'not-found' });
  });
});
