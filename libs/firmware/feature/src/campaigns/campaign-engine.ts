import { TOPICS, validatePublicMessage } from '@acs/contracts';
import type { ConsumedMessage } from '@acs/event-bus';
import {
  AdvanceCampaigns,
  InFlightDevices,
  RecordCampaignSignal,
  type RunBackupPolicies,
  type CampaignPorts,
} from '@acs/firmware-use-cases';
import { CampaignMetrics } from './campaign-metrics';

const SIGNAL_EVENT_TYPES = new Set([
  'TransferAccepted',
  'TransferCompleted',
  'TaskCompleted',
  'TaskFailed',
  'TaskExpired',
  'DeviceBooted',
  'DeviceParametersChanged',
]);

export interface CampaignEngineOptions {
  /** Backup policies, run on the same turn (the all-in-one app's file server takes the files). */
  readonly backups?: RunBackupPolicies;
  /** How often the rollout advances (1 s by default). */
  readonly tickMs?: number;
  /** How often the metrics are read from the store (15 s by default). */
  readonly metricsMs?: number;
}

/**
 * The firmware service's rollout engine: a turn every `tickMs` (never two at once), and the
 * acs.events handler that moves devices on what provisioning and inventory report. It runs
 * beside the CWMP path, never in it.
 */
export class CampaignEngine {
  readonly metrics = new CampaignMetrics();
  private readonly inFlight = new InFlightDevices();
  private readonly advance: AdvanceCampaigns;
  private readonly record: RecordCampaignSignal;
  private timer: NodeJS.Timeout | undefined;
  private metricsTimer: NodeJS.Timeout | undefined;
  private turn: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly ports: CampaignPorts,
    private readonly options: CampaignEngineOptions = {},
  ) {
    this.advance = new AdvanceCampaigns(ports, this.inFlight);
    this.record = new RecordCampaignSignal(ports, this.inFlight);
  }

  /** Takes a first turn (so the in-flight devices are known), then one every tick. */
  async start(): Promise<void> {
    this.stopped = false;
    await this.runTurn();
    await this.refreshMetrics();
    this.timer = setInterval(() => void this.runTurn(), this.options.tickMs ?? 1_000);
    this.metricsTimer = setInterval(
      () => void this.refreshMetrics(),
      this.options.metricsMs ?? 15_000,
    );
    this.timer.unref();
    this.metricsTimer.unref();
  }

  /** One turn now (also what the timer does); resolves when it is over. */
  runTurn(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.turn ??= this.advance
      .execute()
      .then(() => this.options.backups?.execute())
      .catch((error: unknown) =>
        this.ports.log.error('firmware turn failed', {
          error: error instanceof Error ? error.message : String(error),
        }),
      )
      .finally(() => {
        this.turn = undefined;
      });
    return this.turn;
  }

  async refreshMetrics(): Promise<void> {
    try {
      await this.metrics.refresh(this.ports.campaigns);
    } catch (error) {
      this.ports.log.warn('campaign metrics refresh failed', {
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }

  /**
   * A batch of acs.events: each valid event goes to the signal recorder in order (a failure
   * throws, and the consumer delivers the batch again: moves are conditional, so that is safe).
   */
  async handleEvents(messages: readonly ConsumedMessage[]): Promise<void> {
    for (const message of messages) {
      if (message.value === null) continue;
      // Most events (sessions, online, parameters of devices in no campaign) are not looked at:
      // the type is read before the whole event is checked.
      const parsed = JSON.parse(message.value) as { type?: unknown };
      if (typeof parsed.type !== 'string' || !SIGNAL_EVENT_TYPES.has(parsed.type)) continue;
      const checked = validatePublicMessage(TOPICS.events, parsed);
      if (!checked.ok) continue; // not ours to judge: the producer's own tests check its events
      await this.record.execute(checked.value);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    clearInterval(this.metricsTimer);
    await this.turn;
  }
}
