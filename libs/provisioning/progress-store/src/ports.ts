import type { SessionProgress } from '@acs/provisioning-domain';

/** Where provisioning keeps its progress through each device's open session. */
export interface SessionProgressStore {
  get(deviceId: string): Promise<SessionProgress | null>;
  /**
   * Writes the device's progress with `writes` one more than the record it was decided from, and
   * only if the stored record is still that one (none stored counts as 0 writes); false when
   * another writer came first. It lapses after `ttlMs` (a session never outlives that).
   */
  put(progress: SessionProgress, ttlMs: number): Promise<boolean>;
  /** Forgets the progress, only if it is still that of `sessionId`. */
  delete(deviceId: string, sessionId: string): Promise<void>;
}

/** What an evaluation that found no work recorded: valid while presets stay at `revision`, until `dueAt`. */
export interface CleanMark {
  revision: number;
  /** Epoch ms when time alone may bring work (a retry falls due, a refresh ages, a schedule opens). */
  dueAt: number;
}

export interface PendingWorkState {
  /** Counts changes that may have given the device work; 0 when none recorded. */
  version: number;
  clean: CleanMark | null;
}

/**
 * The per-device pending-work marker that lets a periodic inform with nothing to do end at once,
 * without loading the device. Anything that may give a device work marks it dirty; provisioning
 * marks it clean after an evaluation found nothing, but only if nobody marked it dirty meanwhile
 * (compare on `version`), so a task created during an evaluation is never lost. A lost marker (a
 * Redis restart) only costs the slow path.
 */
export interface PendingWorkMarker {
  read(deviceId: string): Promise<PendingWorkState>;
  markDirty(deviceIds: readonly string[]): Promise<void>;
  /** Records the clean mark if the version is still `seenVersion`; false otherwise. */
  markClean(deviceId: string, seenVersion: number, mark: CleanMark): Promise<boolean>;
}

/** True when the marker says the device has nothing to do now under presets revision `revision`. */
export function knownIdle(state: PendingWorkState, revision: number, now: number): boolean {
  return state.clean !== null && state.clean.revision === revision && now < state.clean.dueAt;
}
