import type { Preset } from '@acs/contracts';
import type { DeviceReads } from '@acs/device-store';
import type { PresetStore } from '@acs/provisioning-data-access';
import type { ProvisioningLog } from '../ports';
import { withinSchedule } from '../conductor/preset-match';

/** What a wave needs of DeviceWakeUp. */
export interface WakeDevice {
  wake(
    deviceId: string,
    reason: string,
  ): Promise<{ outcome: string; retryAfterMs?: number; limit?: 'device' | 'global' }>;
}

/** Time as waves see it: the real clock, or a test's. */
export interface WaveClock {
  now(): number;
  /** Resolves after `ms`, or at once when `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export const REAL_CLOCK: WaveClock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal.aborted) return resolve();
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done);
    }),
};

export interface PresetWakeWavesOptions {
  presets: Pick<PresetStore, 'get' | 'presetsUsing'>;
  devices: DeviceReads;
  wakeUp: WakeDevice;
  log: ProvisioningLog;
  clock?: WaveClock;
  /** Devices read per page of the preset's filter. */
  pageSize?: number;
  /** Wake-ups in flight at most (slow CPEs must not slow the wave below its rate). */
  concurrency?: number;
}

/** How one wave ended, for its log line and for tests. */
export interface WaveSummary {
  presetId: string;
  version: number;
  /** Devices the wave reached the turn of. */
  devices: number;
  /** Outcome → count. */
  outcomes: Record<string, number>;
  /** Replaced by a newer change of the preset, or stopped with the process. */
  cancelled: boolean;
}

/** A connection-request session carries this event code, which a preset's `match.events` may not take. */
const CONNECTION_REQUEST_EVENT_CODE = '6 CONNECTION REQUEST';
/** Times a wake-up the global rate limit refused is tried again (after the wait it gives). */
const GLOBAL_LIMIT_RETRIES = 5;

interface RunningWave {
  controller: AbortController;
  done: Promise<WaveSummary>;
}

/**
 * Preset wake waves: after a preset with `wake: { perMinute }` (or the configuration it applies)
 * is created or changed, the devices its filter matches are woken with connection requests, at
 * most `perMinute` a minute, in the background, so that they converge now rather than at their
 * next periodic inform. One runner per process: the change is seen by the process whose API
 * served it. A newer change of the same preset cancels its running wave and starts a new one (or
 * none, when the preset no longer wakes); `stop` cancels them all.
 */
export class PresetWakeWaves {
  private readonly running = new Map<string, RunningWave>();
  /** Changes seen per preset: of two changes handled at once, the later one's wave wins. */
  private readonly changes = new Map<string, number>();
  private readonly clock: WaveClock;
  private readonly pageSize: number;
  private readonly concurrency: number;
  private stopped = false;

  constructor(private readonly options: PresetWakeWavesOptions) {
    this.clock = options.clock ?? REAL_CLOCK;
    this.pageSize = options.pageSize ?? 500;
    this.concurrency = options.concurrency ?? 32;
  }

  /** The NBI's onProvisioningChange: returns once the waves are started, not finished. */
  async changed(change: { kind: string; id: string }): Promise<void> {
    if (this.stopped) return;
    if (change.kind === 'preset') await this.restart(change.id);
    if (change.kind === 'configuration') {
      for (const presetId of await this.options.presets.presetsUsing(change.id)) {
        await this.restart(presetId);
      }
    }
  }

  /** The running wave of a preset, to await (tests, shutdown). */
  waveOf(presetId: string): Promise<WaveSummary> | undefined {
    return this.running.get(presetId)?.done;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const waves = [...this.running.values()];
    for (const wave of waves) wave.controller.abort();
    await Promise.all(waves.map((wave) => wave.done));
  }

  private async restart(presetId: string): Promise<void> {
    const change = (this.changes.get(presetId) ?? 0) + 1;
    this.changes.set(presetId, change);
    const previous = this.running.get(presetId);
    if (previous) {
      previous.controller.abort();
      await previous.done;
    }
    const preset = await this.options.presets.get(presetId);
    if (this.changes.get(presetId) !== change) return;
    if (!preset?.wake || preset.enabled === false || this.stopped) return;
    const skip = this.reasonToSkip(preset);
    if (skip) {
      this.options.log.info('preset wake wave skipped', { presetId, reason: skip });
      return;
    }
    const controller = new AbortController();
    const done = this.run(preset, preset.wake.perMinute, controller.signal)
      .catch((error: unknown) => {
        this.options.log.error('preset wake wave failed', { presetId, error: String(error) });
        return { ...emptySummary(preset), cancelled: true };
      })
      .then((summary) => {
        if (this.running.get(presetId)?.controller === controller) this.running.delete(presetId);
        this.options.log.info('preset wake wave finished', { ...summary });
        return summary;
      });
    this.running.set(presetId, { controller, done });
  }

  /** Waking devices for a preset their connection-request session would not apply is waste. */
  private reasonToSkip(preset: Preset): string | null {
    const { events, schedule } = preset.match;
    if (events && !events.includes(CONNECTION_REQUEST_EVENT_CODE)) {
      return `match.events does not take ${CONNECTION_REQUEST_EVENT_CODE}`;
    }
    if (schedule && !withinSchedule(schedule, new Date(this.clock.now()))) {
      return 'outside the preset schedule';
    }
    return null;
  }

  private async run(preset: Preset, perMinute: number, signal: AbortSignal): Promise<WaveSummary> {
    const summary = emptySummary(preset);
    const spacingMs = 60_000 / perMinute;
    const startedAt = this.clock.now();
    const inFlight = new Set<Promise<void>>();
    let cursor: string | undefined;
    this.options.log.info('preset wake wave started', { presetId: preset.id, perMinute });
    do {
      const page = await this.options.devices.find({
        filter: preset.match.filter ?? {},
        projection: ['deviceId'],
        limit: this.pageSize,
        ...(cursor ? { cursor } : {}),
      });
      for (const { deviceId } of page.devices) {
        // The n-th wake-up starts n spacings after the first: the rate holds however long each takes.
        const slot = startedAt + summary.devices * spacingMs;
        const wait = slot - this.clock.now();
        if (wait > 0) await this.clock.sleep(wait, signal);
        while (inFlight.size >= this.concurrency && !signal.aborted) await Promise.race(inFlight);
        if (signal.aborted) break;
        summary.devices++;
        const wakeUp = this.wakeOne(deviceId, preset.id, summary, signal).finally(() =>
          inFlight.delete(wakeUp),
        );
        inFlight.add(wakeUp);
      }
      cursor = page.nextCursor;
    } while (cursor && !signal.aborted);
    await Promise.all(inFlight);
    summary.cancelled = signal.aborted;
    return summary;
  }

  private async wakeOne(
    deviceId: string,
    presetId: string,
    summary: WaveSummary,
    signal: AbortSignal,
  ): Promise<void> {
    let outcome = 'error';
    try {
      for (let attempt = 0; ; attempt++) {
        const result = await this.options.wakeUp.wake(deviceId, `preset:${presetId}`);
        outcome = result.outcome;
        const globalLimit = result.outcome === 'rate-limited' && result.limit === 'global';
        if (!globalLimit || attempt >= GLOBAL_LIMIT_RETRIES || signal.aborted) break;
        await this.clock.sleep(result.retryAfterMs ?? 1000, signal);
      }
    } catch (error) {
      this.options.log.warn('preset wake-up failed', {
        presetId,
        deviceId,
        error: String(error),
      });
    }
    summary.outcomes[outcome] = (summary.outcomes[outcome] ?? 0) + 1;
  }
}

function emptySummary(preset: Preset): WaveSummary {
  return {
    presetId: preset.id,
    version: preset.version,
    devices: 0,
    outcomes: {},
    cancelled: false,
  };
}
