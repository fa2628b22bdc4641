import type { OutboxEntry } from '@acs/contracts';
import { OpenedSession, SavedThenNext, SessionRecord, SessionStore } from './session-store';
import { popWithin, WakeupWaiters } from './wakeups';

interface Held {
  record: SessionRecord;
  outbox: OutboxEntry[];
  expiresAt: number;
}

/** The session store of the single-process default: the same semantics, kept in this process. */
export class InMemorySessionStore implements SessionStore {
  private readonly devices = new Map<string, Held>();
  private readonly waiters = new WakeupWaiters();
  private readonly clients = new Map<string, { deviceId: string; until: number }>();

  async open(record: SessionRecord, ttlMs: number): Promise<OpenedSession> {
    const previous = this.live(record.deviceId);
    this.devices.set(record.deviceId, {
      record: copy(record),
      outbox: [],
      expiresAt: Date.now() + ttlMs,
    });
    return { replaced: previous ? copy(previous.record) : null };
  }

  async get(deviceId: string): Promise<SessionRecord | null> {
    const held = this.live(deviceId);
    return held ? copy(held.record) : null;
  }

  async save(record: SessionRecord, ttlMs: number): Promise<boolean> {
    const held = this.holding(record.deviceId, record.sessionId);
    if (!held) return false;
    held.record = copy(record);
    held.expiresAt = Date.now() + ttlMs;
    return true;
  }

  async close(deviceId: string, sessionId: string): Promise<SessionRecord | null> {
    const held = this.holding(deviceId, sessionId);
    if (!held) return null;
    this.devices.delete(deviceId);
    return held.record;
  }

  async push(deviceId: string, entry: OutboxEntry): Promise<boolean> {
    const held = this.holding(deviceId, entry.sessionId);
    if (!held) return false;
    held.outbox.push(copy(entry));
    this.waiters.notify(deviceId);
    return true;
  }

  next(deviceId: string, sessionId: string, timeoutMs: number): Promise<OutboxEntry | null> {
    return popWithin(
      this.waiters,
      deviceId,
      timeoutMs,
      async () => this.holding(deviceId, sessionId)?.outbox.shift() ?? null,
    );
  }

  async saveAndNext(
    record: SessionRecord,
    ttlMs: number,
    timeoutMs: number,
  ): Promise<SavedThenNext> {
    if (!(await this.save(record, ttlMs))) return { saved: false };
    return { saved: true, next: this.next(record.deviceId, record.sessionId, timeoutMs) };
  }

  async expired(now: number, limit: number): Promise<SessionRecord[]> {
    return [...this.devices.keys()]
      .map((deviceId) => this.live(deviceId)?.record)
      .filter((record): record is SessionRecord => !!record && record.expiresAt <= now)
      .sort((a, b) => a.expiresAt - b.expiresAt)
      .slice(0, limit)
      .map(copy);
  }

  async bindClient(address: string, deviceId: string, ttlMs: number): Promise<void> {
    this.clients.set(address, { deviceId, until: Date.now() + ttlMs });
  }

  async clientDevice(address: string): Promise<string | null> {
    const bound = this.clients.get(address);
    if (!bound || bound.until <= Date.now()) {
      this.clients.delete(address);
      return null;
    }
    return bound.deviceId;
  }

  async shutdown(): Promise<void> {
    this.waiters.releaseAll();
  }

  private live(deviceId: string): Held | undefined {
    const held = this.devices.get(deviceId);
    if (held && held.expiresAt <= Date.now()) {
      this.devices.delete(deviceId);
      return undefined;
    }
    return held;
  }

  private holding(deviceId: string, sessionId: string): Held | undefined {
    const held = this.live(deviceId);
    return held?.record.sessionId === sessionId ? held : undefined;
  }
}

/** Stored values are copies, as they would be after a trip through Redis. */
function copy<T>(value: T): T {
  return structuredClone(value);
}
