import { TOPICS, type SessionEvent } from '@acs/contracts';
import type { EventPublisher } from '@acs/event-bus';
import type { OutboxEntry } from '@acs/contracts';
import type { SessionRecord, SessionStore, OpenedSession } from '@acs/session-store';
import { GatewayError } from '../errors/gateway-error';
import type { GatewayMetrics } from '../metrics/gateway-metrics';

/**
 * The gateway's view of Redis and Kafka: every call timed into the metrics, and every failure
 * turned into DEPENDENCY_UNAVAILABLE (503 with Retry-After), so that a dead dependency can
 * neither crash the pod nor leave a CPE hanging.
 */
export class SessionDependencies {
  constructor(
    private readonly store: SessionStore,
    private readonly publisher: EventPublisher,
    private readonly metrics: GatewayMetrics,
    private readonly options: { publishTimeoutMs: number; retryAfterSeconds: () => number },
  ) {}

  /** Resolves once the broker acknowledged every event, in order (one key: one partition). */
  async publish(events: SessionEvent[]): Promise<void> {
    if (events.length === 0) return;
    const stop = this.metrics.publishLatency.startTimer();
    let timer: NodeJS.Timeout | undefined;
    try {
      const acked = Promise.all(
        events.map((event) =>
          this.publisher.publish({
            topic: TOPICS.sessionEvents,
            key: event.deviceId,
            value: JSON.stringify(event),
          }),
        ),
      );
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no ack within ${this.options.publishTimeoutMs} ms`)),
          this.options.publishTimeoutMs,
        );
      });
      await Promise.race([acked, timeout]);
    } catch (error) {
      throw this.unavailable('kafka', error);
    } finally {
      clearTimeout(timer);
      stop();
    }
  }

  open(record: SessionRecord, ttlMs: number): Promise<OpenedSession> {
    return this.redis('open', () => this.store.open(record, ttlMs));
  }
  get(deviceId: string): Promise<SessionRecord | null> {
    return this.redis('get', () => this.store.get(deviceId));
  }
  save(record: SessionRecord, ttlMs: number): Promise<boolean> {
    return this.redis('save', () => this.store.save(record, ttlMs));
  }
  /** `saved` once the record is saved (timed as 'save'); then the entry (timed as 'next'). */
  async saveAndNext(
    record: SessionRecord,
    ttlMs: number,
    timeoutMs: number,
  ): Promise<{ saved: false } | { saved: true; next: () => Promise<OutboxEntry | null> }> {
    const renewed = await this.redis('save', () =>
      this.store.saveAndNext(record, ttlMs, timeoutMs),
    );
    if (!renewed.saved) return renewed;
    return { saved: true, next: () => this.redis('next', () => renewed.next) };
  }
  close(deviceId: string, sessionId: string): Promise<SessionRecord | null> {
    return this.redis('close', () => this.store.close(deviceId, sessionId));
  }
  bindClient(address: string, deviceId: string, ttlMs: number): Promise<void> {
    return this.redis('bind-client', () => this.store.bindClient(address, deviceId, ttlMs));
  }
  clientDevice(address: string): Promise<string | null> {
    return this.redis('client-device', () => this.store.clientDevice(address));
  }
  expired(now: number, limit: number): Promise<SessionRecord[]> {
    return this.redis('expired', () => this.store.expired(now, limit));
  }

  /** For work that may fail on Redis (authentication's counters): same treatment. */
  async redis<T>(operation: string, call: () => Promise<T>): Promise<T> {
    const stop = this.metrics.redisLatency.startTimer({ operation });
    try {
      return await call();
    } catch (error) {
      if (error instanceof GatewayError) throw error;
      throw this.unavailable('redis', error);
    } finally {
      stop();
    }
  }

  private unavailable(dependency: 'redis' | 'kafka', error: unknown): GatewayError {
    this.metrics.dependencyFailures.inc({ dependency });
    const reason = error instanceof Error ? error.message : String(error);
    return new GatewayError('DEPENDENCY_UNAVAILABLE', `${dependency} unavailable: ${reason}`, {
      retryAfterSeconds: this.options.retryAfterSeconds(),
    });
  }
}
