import type { SessionProgress } from '@acs/provisioning-domain';
import type { CleanMark, PendingWorkMarker, PendingWorkState, SessionProgressStore } from './ports';

/** The all-in-one app's progress store: one process, so a Map with expiry is enough. */
export class InMemorySessionProgressStore implements SessionProgressStore {
  private readonly entries = new Map<string, { progress: string; expiresAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  async get(deviceId: string): Promise<SessionProgress | null> {
    const entry = this.entries.get(deviceId);
    if (!entry) return null;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(deviceId);
      return null;
    }
    // Stored as JSON so that callers never share (and mutate) the stored object.
    return JSON.parse(entry.progress) as SessionProgress;
  }

  async put(progress: SessionProgress, ttlMs: number): Promise<void> {
    this.entries.set(progress.deviceId, {
      progress: JSON.stringify(progress),
      expiresAt: this.now() + ttlMs,
    });
  }

  async delete(deviceId: string, sessionId: string): Promise<void> {
    const current = await this.get(deviceId);
    if (current?.sessionId === sessionId) this.entries.delete(deviceId);
  }
}

export class InMemoryPendingWorkMarker implements PendingWorkMarker {
  private readonly states = new Map<string, PendingWorkState>();

  async read(deviceId: string): Promise<PendingWorkState> {
    return this.states.get(deviceId) ?? { version: 0, clean: null };
  }

  async markDirty(deviceIds: readonly string[]): Promise<void> {
    for (const deviceId of deviceIds) {
      const version = (this.states.get(deviceId)?.version ?? 0) + 1;
      this.states.set(deviceId, { version, clean: null });
    }
  }

  async markClean(deviceId: string, seenVersion: number, mark: CleanMark): Promise<boolean> {
    const state = await this.read(deviceId);
    if (state.version !== seenVersion) return false;
    this.states.set(deviceId, { version: seenVersion, clean: { ...mark } });
    return true;
  }
}
