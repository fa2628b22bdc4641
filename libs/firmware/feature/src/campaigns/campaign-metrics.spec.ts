import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEmbeddedFirmwareStores, type FirmwareStores } from '@acs/firmware-data-access';
import { CampaignMetrics } from './campaign-metrics';

describe('campaign metrics', () => {
  let dir: string;
  let stores: FirmwareStores;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'campaign-metrics-'));
    stores = openEmbeddedFirmwareStores(dir);
  });
  afterEach(async () => {
    await stores.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const campaign = (name: string, deviceIds: string[]) =>
    stores.campaigns.create(
      {
        name,
        imageId: 'image-1',
        targetVersion: '2.1',
        target: { kind: 'devices', deviceIds },
        plan: {
          mode: 'passive',
          waves: { kind: 'equal', count: 1 },
          maxInFlight: 5,
          maxPerMinute: 5,
          stopRules: [],
          retries: { max: 0, backoffSeconds: 1 },
          confirmTimeoutSeconds: 60,
        },
        state: 'running',
        waveSizes: [deviceIds.length],
        currentWave: 0,
      },
      deviceIds.map((deviceId) => ({
        deviceId,
        wave: 0,
        imageId: 'image-1',
        state: 'pending',
        attempts: 0,
      })),
    );

  it('counts campaigns by state (paused by a rule apart) and devices of open campaigns by state', async () => {
    const running = await campaign('a', ['d1', 'd2', 'd3']);
    await stores.campaigns.moveDevice(
      running.id,
      'd1',
      { state: 'pending', attempts: 0 },
      { state: 'downloading', attempts: 1, startedAt: new Date().toISOString() },
    );
    const paused = await campaign('b', ['d4']);
    await stores.campaigns.update(paused.id, paused.revision, {
      state: 'paused',
      pause: {
        by: 'rule',
        at: new Date().toISOString(),
        rule: { kind: 'count', failures: 'any', atLeast: 1 },
        ruleIndex: 0,
        observed: '1 any failures',
        devices: ['d4'],
      },
    });
    const metrics = new CampaignMetrics();
    await metrics.refresh(stores.campaigns);
    const text = await metrics.registry.metrics();
    expect(text).toContain('acs_firmware_campaigns{state="running"} 1');
    expect(text).toContain('acs_firmware_campaigns{state="paused"} 1');
    expect(text).toContain('acs_firmware_campaigns{state="paused_by_rule"} 1');
    expect(text).toContain(
      `acs_firmware_campaign_devices{campaign="${running.id}",state="pending"} 2`,
    );
    expect(text).toContain(
      `acs_firmware_campaign_devices{campaign="${running.id}",state="downloading"} 1`,
    );
    expect(text).toContain('acs_firmware_downloads_in_flight 1');

    // An ended campaign leaves the per-campaign series: the label stays bounded.
    await stores.campaigns.update(running.id, running.revision, { state: 'cancelled' });
    await metrics.refresh(stores.campaigns);
    const after = await metrics.registry.metrics();
    expect(after).not.toContain(running.id);
    expect(after).toContain('acs_firmware_campaigns{state="cancelled"} 1');
    expect(after).toContain('acs_firmware_downloads_in_flight 0');
  });
});
