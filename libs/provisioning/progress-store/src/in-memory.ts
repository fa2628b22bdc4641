import type { SessionProgress } from '@acs/provisioning-domain';
import type { CleanMark, PendingWorkMarker, PendingWorkState, SessionProgressStore } from './ports';

/** The all-in-one app's progress store: one process, so a Map with expiry is enough. */
export class InMemorySessionProgressStore implements SessionProgressStore {
  private readonly entries = new Map<string, { progress: string; expiresAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  async get(deviceId: string): Promise<SessionProgress | null> {
    return this.current(deviceId);
  }

  async put(progress: SessionProgress, ttlMs: number): Promise<boolean> {
    // Read and written in one turn of the event loop: the compare-and-set is atomic.
    if ((this.current(progress.deviceId)?.writes ?? 0) !== progress.writes - 1) return false;
    this.entries.set(progress.deviceId, {
      progress: JSON.stringify(progress),
      expiresAt: this.now() + ttlMs,
    });
    return true;
  }

  async delete(deviceId: string, sessionId: string): Promise<void> {
    if (this.current(deviceId)?.sessionId === sessionId) this.entries.delete(deviceId);
  }

  private current(deviceId: string): SessionProgress | null {
    const entry = this.entries.get(deviceId);
    if (!entry) return null;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(deviceId);
      return null;
    }
    // Stored as JSON so that callers never share (and mutate) the stored object.
    return JSON.parse(entry.progress) as SessionProgress;
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
