import type { GatewayMetrics } from '../metrics/gateway-metrics';
import type { Admission } from './admission';
import type { SessionDependencies } from './dependencies';
import type { SessionEventFactory } from './session-event-factory';

/**
 * Ends sessions whose CPE fell silent. Every pod sweeps; closing is compare-and-delete on the
 * session id, so exactly one pod wins each session and publishes its SessionClosed (timeout).
 */
export class SessionTimeoutSweeper {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly deps: SessionDependencies,
    private readonly events: SessionEventFactory,
    private readonly admission: Admission,
    private readonly metrics: GatewayMetrics,
    private readonly options: { intervalMs: number; batch: number },
    private readonly onError: (error: unknown) => void,
    private readonly now: () => number = Date.now,
  ) {}

  start(): void {
    // Jittered so that pods started together do not sweep in step.
    const every = this.options.intervalMs * (0.75 + Math.random() / 2);
    this.timer = setInterval(() => {
      this.running ??= this.sweep()
        .then(() => undefined)
        .catch(this.onError)
        .finally(() => (this.running = undefined));
    }, every);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Closes every expired session found now; returns how many this pod closed. */
  async sweep(): Promise<number> {
    const expired = await this.deps.expired(this.now(), this.options.batch);
    let closed = 0;
    for (const record of expired) {
      const removed = await this.deps.close(record.deviceId, record.sessionId);
      if (!removed) continue;
      closed++;
      this.admission.end(removed.sessionId);
      this.metrics.sessionsClosed.inc({ reason: 'timeout' });
      this.metrics.sessionDuration.observe((this.now() - removed.openedAt) / 1000);
      await this.deps.publish([this.events.closed(removed, 'timeout')]);
    }
    return closed;
  }
}
