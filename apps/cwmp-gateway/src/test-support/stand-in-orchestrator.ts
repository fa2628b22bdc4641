import { randomUUID } from 'crypto';
import type { Consumer, Kafka } from 'kafkajs';
import type { AcsRequest } from '@acs/cwmp-codec';
import { TOPICS, validateSessionEvent, type OutboxEntry, type SessionEvent } from '@acs/contracts';

type OutboxEncoding = Extract<OutboxEntry, { kind: 'rpc' }>['encoding'];
import { FAST_CONSUMER_TIMINGS } from '@acs/testing';
import type { SessionStore } from '@acs/session-store';

/**
 * Plays provisioning for the gateway's tests and benchmark: consumes `cwmp.session-events`, and
 * for each open session writes the device's planned RPCs one at a time into the outbox, then
 * END. It records every event (and any that breaks its contract) for the tests to inspect.
 */
export class StandInOrchestrator {
  readonly events: SessionEvent[] = [];
  readonly invalid: string[] = [];
  /** Consumer crashes (a handler that threw): a test should see none. */
  readonly crashes: string[] = [];
  private readonly plans = new Map<string, AcsRequest[]>();
  /** Plans that start over with each session of the device. */
  private readonly repeating = new Map<string, AcsRequest[]>();
  private readonly delays = new Map<string, number>();
  private readonly encodings = new Map<string, OutboxEncoding>();
  private readonly consumer: Consumer;
  private readonly listeners = new Set<() => void>();
  private stopped = false;

  private readonly topic: string;
  private readonly answering: boolean;

  constructor(
    kafka: Kafka,
    private readonly store: SessionStore,
    options: {
      /** The physical session-events topic (a suite's topics carry its prefix). */
      topic?: string;
      groupId?: string;
      /** When false, sessions get no outbox entries at all (to test the gateway's own wait). */
      answering?: boolean;
    } = {},
  ) {
    this.topic = options.topic ?? TOPICS.sessionEvents;
    this.answering = options.answering ?? true;
    this.consumer = kafka.consumer({
      groupId: options.groupId ?? `stand-in-${randomUUID()}`,
      ...FAST_CONSUMER_TIMINGS,
      // After a crash (a broker taken down by a test) rejoin, but never once stopped.
      retry: { retries: 5, initialRetryTime: 100, restartOnFailure: async () => !this.stopped },
    });
  }

  /** RPCs to send in the device's next session (or, `everySession`, in each), in order. */
  plan(
    deviceId: string,
    requests: AcsRequest[],
    options: { delayMs?: number; encoding?: OutboxEncoding; everySession?: boolean } = {},
  ): void {
    this.plans.set(deviceId, [...requests]);
    if (options.everySession) this.repeating.set(deviceId, [...requests]);
    if (options.delayMs) this.delays.set(deviceId, options.delayMs);
    if (options.encoding) this.encodings.set(deviceId, options.encoding);
  }

  async start(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: true });
    let joined!: () => void;
    const groupJoined = new Promise<void>((resolve) => (joined = resolve));
    this.consumer.on(this.consumer.events.GROUP_JOIN, () => joined());
    this.consumer.on(this.consumer.events.CRASH, (event) => {
      this.crashes.push(String(event.payload.error));
    });
    await this.consumer.run({
      eachMessage: async ({ message }) => {
        const checked = validateSessionEvent(JSON.parse(message.value?.toString() ?? 'null'));
        if (!checked.ok) {
          this.invalid.push(checked.errors.join('; '));
          return;
        }
        this.events.push(checked.value);
        if (this.answering) await this.react(checked.value);
        for (const listener of this.listeners) listener();
      },
    });
    await groupJoined;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.consumer.disconnect();
  }

  /** Resolves once an event matching `predicate` arrived (or rejects after `timeoutMs`). */
  waitFor(predicate: (event: SessionEvent) => boolean, timeoutMs = 15_000): Promise<SessionEvent> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.events.find(predicate);
        if (!found) return false;
        this.listeners.delete(listener);
        clearTimeout(timer);
        resolve(found);
        return true;
      };
      const listener = () => void check();
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(new Error(`no matching session event within ${timeoutMs} ms`));
      }, timeoutMs);
      this.listeners.add(listener);
      check();
    });
  }

  eventsOf(deviceId: string): SessionEvent[] {
    return this.events.filter((event) => event.deviceId === deviceId);
  }

  private async react(event: SessionEvent): Promise<void> {
    if (event.type !== 'SessionOpened' && event.type !== 'RpcResult') return;
    const again = event.type === 'SessionOpened' ? this.repeating.get(event.deviceId) : undefined;
    if (again) this.plans.set(event.deviceId, [...again]);
    const next = this.plans.get(event.deviceId)?.shift();
    const delayMs = this.delays.get(event.deviceId) ?? 0;
    // A slow provisioning, without holding up the other devices' events.
    if (delayMs > 0) {
      setTimeout(() => void this.push(event, next).catch(() => undefined), delayMs);
      return;
    }
    await this.push(event, next);
  }

  private async push(event: SessionEvent, next: AcsRequest | undefined): Promise<void> {
    await this.store.push(
      event.deviceId,
      next
        ? {
            kind: 'rpc',
            rpcId: randomUUID(),
            sessionId: event.sessionId,
            request: next,
            ...(this.encodings.has(event.deviceId)
              ? { encoding: this.encodings.get(event.deviceId) }
              : {}),
          }
        : { kind: 'end', sessionId: event.sessionId },
    );
  }
}
