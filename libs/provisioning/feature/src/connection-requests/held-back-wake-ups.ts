import type { ProvisioningLog } from '../ports';

/** How a held-back request's new attempt ended, as far as holding it back again goes. */
export type HeldBackAttemptResult =
  | { outcome: string; retryAfterMs?: number; limit?: 'device' | 'global' }
  /** The device opened a session after the request was held back: it is not needed. */
  | 'session-opened';

/** Sends a held-back request again; `heldAt` is when it was first refused. */
export type HeldBackAttempt = (
  deviceId: string,
  reason: string,
  heldAt: number,
) => Promise<HeldBackAttemptResult>;

interface Held {
  reason: string;
  heldAt: number;
  dueAt: number;
  /** Waiting for its time (with its timer), or due and in the queue of requests to send. */
  timer: NodeJS.Timeout | null;
}

/** When the platform itself cannot try (the rate limiter's Redis down): try again after this. */
const PLATFORM_FAILURE_RETRY_MS = 1_000;

/**
 * Connection requests a rate limit refused, sent when the limit allows instead of dropped: a
 * task queued a second after another, with its own connection request, would otherwise wait for
 * the device's next periodic inform. One per device (a second refusal for a device already held
 * back changes nothing but an earlier time). Due requests go one at a time, so a platform-wide
 * refusal pauses them all until the rate allows one more, rather than every one of them asking
 * the limiter again. Kept in this process only: lost with it, as the request that asked for it
 * would be; the task itself stays queued in its store whatever happens here.
 */
export class HeldBackWakeUps {
  private readonly held = new Map<string, Held>();
  private readonly due: string[] = [];
  private draining = false;
  private resume: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly attempt: HeldBackAttempt,
    private readonly log: ProvisioningLog,
    private readonly now: () => number = Date.now,
  ) {}

  /** Holds the device's request back for `retryAfterMs`; when it will go (epoch ms). */
  hold(deviceId: string, reason: string, retryAfterMs: number): number {
    const dueAt = this.now() + Math.max(0, retryAfterMs);
    const existing = this.held.get(deviceId);
    if (existing && (existing.timer === null || existing.dueAt <= dueAt)) return existing.dueAt;
    if (existing?.timer) clearTimeout(existing.timer);
    const heldAt = existing?.heldAt ?? this.now();
    this.held.set(deviceId, { reason, heldAt, dueAt, timer: this.timerFor(deviceId, dueAt) });
    return dueAt;
  }

  /** Forgets the device's held-back request (it was reached another way). */
  cancel(deviceId: string): void {
    const entry = this.held.get(deviceId);
    if (entry?.timer) clearTimeout(entry.timer);
    this.held.delete(deviceId);
  }

  /** Requests held back now (metrics, tests). */
  get size(): number {
    return this.held.size;
  }

  /** Drops every held-back request: the process is stopping. */
  stop(): void {
    this.stopped = true;
    for (const entry of this.held.values()) if (entry.timer) clearTimeout(entry.timer);
    this.held.clear();
    this.due.length = 0;
    if (this.resume) clearTimeout(this.resume);
    this.resume = null;
  }

  private timerFor(deviceId: string, dueAt: number): NodeJS.Timeout {
    const timer = setTimeout(() => this.becameDue(deviceId), Math.max(0, dueAt - this.now()));
    // A request held back must not keep a stopping process alive.
    timer.unref();
    return timer;
  }

  private becameDue(deviceId: string): void {
    const entry = this.held.get(deviceId);
    if (!entry) return;
    entry.timer = null;
    this.due.push(deviceId);
    void this.drain();
  }

  private async drain(): Promise<void> {
    if (this.draining || this.resume || this.stopped) return;
    this.draining = true;
    try {
      for (let deviceId = this.due.shift(); deviceId !== undefined; deviceId = this.due.shift()) {
        const entry = this.held.get(deviceId);
        if (!entry || entry.timer !== null) continue; // cancelled, or held again for later
        const result = await this.tryAgain(deviceId, entry);
        if (this.stopped || this.held.get(deviceId) !== entry) continue;
        if (result === 'session-opened' || result.outcome !== 'rate-limited') {
          this.held.delete(deviceId);
          continue;
        }
        const waitMs = result.retryAfterMs ?? PLATFORM_FAILURE_RETRY_MS;
        if (result.limit === 'global') {
          // Every due request would be refused alike: wait for the rate, this one first.
          this.due.unshift(deviceId);
          this.pause(waitMs);
          return;
        }
        entry.dueAt = this.now() + waitMs;
        entry.timer = this.timerFor(deviceId, entry.dueAt);
      }
    } finally {
      this.draining = false;
    }
  }

  private async tryAgain(deviceId: string, entry: Held): Promise<HeldBackAttemptResult> {
    try {
      const result = await this.attempt(deviceId, entry.reason, entry.heldAt);
      if (result === 'session-opened') {
        this.log.info('held-back connection request dropped: the device opened a session', {
          deviceId,
          reason: entry.reason,
        });
      }
      return result;
    } catch (error) {
      this.log.error('held-back connection request failed; trying again', {
        deviceId,
        error: String(error),
      });
      return { outcome: 'rate-limited', retryAfterMs: PLATFORM_FAILURE_RETRY_MS, limit: 'device' };
    }
  }

  private pause(waitMs: number): void {
    this.resume = setTimeout(() => {
      this.resume = null;
      void this.drain();
    }, waitMs);
    this.resume.unref();
  }
}
