import type { SessionProgress } from '@acs/provisioning-domain';
import type { PresetSnapshot } from '../../ports';
import { nextWindowStart } from '../preset-match';

/**
 * When time alone may give the device work again, for the pending-work marker: a schedule window
 * opening, a refresh policy's age running out, or, after a fault, the retry delay (so a failing
 * preset is retried with backoff, not at every periodic Inform). Null: nothing but a change of
 * presets, tasks or the device can.
 */
export function nextDueTime(
  snapshot: PresetSnapshot,
  progress: SessionProgress,
  now: Date,
  retryDelayMs: number,
): number | null {
  const times = snapshot.presets.flatMap((preset) =>
    preset.enabled !== false && preset.match.schedule
      ? [nextWindowStart(preset.match.schedule, now)]
      : [],
  );
  if (progress.convergenceFault) times.push(now.getTime() + retryDelayMs);
  const refresh = snapshot.presets.flatMap(
    (preset) => snapshot.configurations.get(preset.configurationId)?.refresh ?? [],
  );
  if (refresh.length > 0) {
    times.push(now.getTime() + Math.min(...refresh.map((policy) => policy.maxAgeSeconds)) * 1000);
  }
  return times.length === 0 ? null : Math.min(...times);
}
