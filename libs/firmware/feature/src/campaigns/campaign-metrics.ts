import { Gauge, Registry } from 'prom-client';
import type { CampaignStore } from '@acs/firmware-data-access';
import { CAMPAIGN_STATES, DEVICE_RUN_STATES, IN_FLIGHT_STATES } from '@acs/firmware-domain';

const OPEN_STATES = ['scheduled', 'running', 'paused'] as const;

/**
 * Campaign progress for Prometheus: campaigns per state, devices per state of each campaign that
 * has not ended (the campaign label stays bounded: ended campaigns drop out), downloads in flight.
 * Refreshed from the store by the engine, not per scrape.
 */
export class CampaignMetrics {
  readonly registry = new Registry();
  private readonly campaigns = new Gauge({
    name: 'acs_firmware_campaigns',
    help: 'Firmware campaigns by state (paused_by_rule: paused by a stop rule)',
    labelNames: ['state'],
    registers: [this.registry],
  });
  private readonly devices = new Gauge({
    name: 'acs_firmware_campaign_devices',
    help: 'Devices of each campaign that has not ended, by their state in it',
    labelNames: ['campaign', 'state'],
    registers: [this.registry],
  });
  private readonly inFlight = new Gauge({
    name: 'acs_firmware_downloads_in_flight',
    help: 'Campaign devices between their Download and the verdict',
    registers: [this.registry],
  });

  constructor() {
    for (const state of [...CAMPAIGN_STATES, 'paused_by_rule']) this.campaigns.set({ state }, 0);
    this.inFlight.set(0);
  }

  async refresh(store: CampaignStore): Promise<void> {
    const byState = new Map<string, number>(
      [...CAMPAIGN_STATES, 'paused_by_rule'].map((s) => [s, 0]),
    );
    const { campaigns: open } = await store.list({ limit: 1_000, states: [...OPEN_STATES] });
    for (const state of CAMPAIGN_STATES.filter((s) => !OPEN_STATES.includes(s as never))) {
      byState.set(state, (await store.list({ limit: 0, states: [state] })).total);
    }
    this.devices.reset();
    let inFlight = 0;
    for (const campaign of open) {
      byState.set(campaign.state, (byState.get(campaign.state) ?? 0) + 1);
      if (campaign.pause?.by === 'rule')
        byState.set('paused_by_rule', (byState.get('paused_by_rule') ?? 0) + 1);
      const counts = await store.counts(campaign.id);
      for (const state of DEVICE_RUN_STATES) {
        const count = counts.filter((c) => c.state === state).reduce((sum, c) => sum + c.count, 0);
        this.devices.set({ campaign: campaign.id, state }, count);
        if (IN_FLIGHT_STATES.includes(state)) inFlight += count;
      }
    }
    for (const [state, count] of byState) this.campaigns.set({ state }, count);
    this.inFlight.set(inFlight);
  }
}
