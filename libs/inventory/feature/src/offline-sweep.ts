import type { DeviceStore } from '@acs/device-store';
import { wentOffline } from '@acs/inventory-domain';
import type { InventoryLog } from './inventory-log';
import type { InventorySettings } from './inventory-settings';
import type { LifecyclePublisher } from './lifecycle-outbox';
import type { WriteLock } from './write-lock';

/**
 * The OfflineSweep use case: every `sweepIntervalMs`, devices still marked online whose deadline
 * passed are marked offline and announced as gone.
 *
 * Here the announcement goes out before the write: if the process dies between the two, the
 * device is still online-and-expired in the store, the next sweep finds it again and announces it
 * with the same id (derived from the device and the deadline it missed), which consumers drop.
 * The other way round, a death between the two would lose the announcement for good.
 */
export class OfflineSweep {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = true;

  constructor(
    private readonly store: DeviceStore,
    private readonly lifecycle: LifecyclePublisher,
    private readonly lock: WriteLock,
    private readonly log: InventoryLog,
    private readonly settings: Pick<InventorySettings, 'sweepIntervalMs' | 'sweepBatchSize'>,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** One sweep; resolves with how many devices went offline. */
  runOnce(): Promise<number> {
    return this.lock.run(() => this.sweep());
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule();
  }

  /** Stops the timer and waits for a sweep in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.runOnce()
        .catch((error: unknown) => this.log.error('offline sweep failed', { error }))
        .finally(() => this.schedule());
    }, this.settings.sweepIntervalMs);
  }

  private async sweep(): Promise<number> {
    const now = this.clock().toISOString();
    const announced = new Set<string>();
    for (;;) {
      const expired = (await this.store.expiredOnline(now, this.settings.sweepBatchSize)).filter(
        (device) => !announced.has(device.deviceId),
      );
      if (expired.length === 0) break;
      const offline = expired.map((device) => wentOffline(device, now));
      await this.lifecycle.publish(offline.map((item) => item.lifecycle));
      await this.store.applyBatch(offline.map((item) => item.update));
      // A device the store still shows as expired after its write is not asked about again in
      // this sweep: no loop, whatever the store did.
      for (const device of expired) announced.add(device.deviceId);
      if (expired.length < this.settings.sweepBatchSize) break;
    }
    if (announced.size > 0) this.log.info('devices went offline', { count: announced.size, now });
    return announced.size;
  }
}
