import { TOPICS } from '@acs/contracts';
import type { DeviceStore } from '@acs/device-store';
import type { EventConsumer, EventPublisher } from '@acs/event-bus';
import { StoreInventoryWrites } from '@acs/inventory-writes';
import { ApplyDeviceChanges } from './apply-device-changes';
import { DevicePosture } from './device-posture';
import { IngestSessionEvents } from './ingest-session-events';
import { jsonLinesLog, type InventoryLog } from './inventory-log';
import { inventorySettings, type InventorySettings } from './inventory-settings';
import { LifecyclePublisher } from './lifecycle-outbox';
import { OfflineSweep } from './offline-sweep';
import { SecretValues } from './secret-values';
import type { Secrets } from '@acs/secrets';
import { WriteLock } from './write-lock';

/** The ports inventory runs on; whoever created them closes them (they may be shared). */
export interface InventoryPorts {
  deviceStore: DeviceStore;
  /** Delivers `cwmp.session-events`. */
  consumer: EventConsumer;
  /** Takes `acs.events`. */
  publisher: EventPublisher;
  /**
   * Delivers `cwmp.device-changes`, what the other contexts ask of inventory, where they run in
   * other processes; in one process they call `Inventory.writes` instead.
   */
  changes?: EventConsumer;
  /** Seals the secret parameter values (passwords, passphrases, keys) the device store keeps. */
  secrets: Secrets;
}

export interface InventoryOptions extends InventoryPorts {
  settings?: Partial<InventorySettings>;
  log?: InventoryLog;
  clock?: () => Date;
}

/**
 * The inventory service: the session-event consumer feeding IngestSessionEvents, and the offline
 * sweep, sharing one write lock. Started and stopped as one.
 */
export class Inventory {
  readonly ingest: IngestSessionEvents;
  readonly sweep: OfflineSweep;
  /** The owner's writes, for the other contexts (directly in one process, else through Kafka). */
  readonly writes: StoreInventoryWrites;
  readonly changes: ApplyDeviceChanges;
  readonly settings: InventorySettings;
  private readonly log: InventoryLog;
  private started = false;

  constructor(private readonly options: InventoryOptions) {
    this.settings = inventorySettings(options.settings);
    this.log = options.log ?? jsonLinesLog();
    const lock = new WriteLock();
    const lifecycle = new LifecyclePublisher(options.publisher, this.log);
    this.ingest = new IngestSessionEvents(
      options.deviceStore,
      lifecycle,
      lock,
      this.log,
      this.settings,
      new SecretValues(options.secrets, this.log),
      new DevicePosture(this.log),
    );
    this.writes = new StoreInventoryWrites(options.deviceStore);
    this.changes = new ApplyDeviceChanges(this.writes, lock, this.log);
    this.sweep = new OfflineSweep(
      options.deviceStore,
      lifecycle,
      lock,
      this.log,
      this.settings,
      options.clock,
    );
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.options.consumer.start(TOPICS.sessionEvents, async (messages) => {
      const report = await this.ingest.handle(messages);
      if (report.invalid > 0 || report.failed > 0)
        this.log.warn('session events skipped', { ...report });
    });
    await this.options.changes?.start(TOPICS.deviceChanges, async (messages) => {
      const report = await this.changes.handle(messages);
      if (report.invalid > 0 || report.refused > 0)
        this.log.warn('device changes skipped', { ...report });
    });
    this.sweep.start();
    this.log.info('inventory started', {
      topics: [TOPICS.sessionEvents, ...(this.options.changes ? [TOPICS.deviceChanges] : [])],
    });
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.sweep.stop();
    await this.options.consumer.stop();
    await this.options.changes?.stop();
    this.log.info('inventory stopped');
  }
}
