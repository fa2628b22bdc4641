import type { CampaignPlan } from './campaign-plan';
import { PLAN_LIMITS } from './campaign-plan';

/**
 * How many devices each wave holds, canary first when the plan has one. Every device is in
 * exactly one wave; no wave is empty (a plan asking for more waves than devices gets fewer).
 */
export function waveSizes(total: number, plan: Pick<CampaignPlan, 'canary' | 'waves'>): number[] {
  if (total <= 0) return [];
  const sizes: number[] = [];
  let rest = total;
  if (plan.canary) {
    const wanted = plan.canary.count ?? Math.ceil((plan.canary.share ?? 0) * total);
    const canary = Math.min(rest, Math.max(1, wanted));
    sizes.push(canary);
    rest -= canary;
  }
  const waves = plan.waves;
  if (waves.kind === 'equal') {
    const count = Math.min(waves.count, rest);
    for (let i = 0; i < count; i += 1)
      sizes.push(Math.floor(rest / count) + (i < rest % count ? 1 : 0));
  } else if (waves.kind === 'sizes') {
    for (const size of waves.sizes.slice(0, -1)) {
      if (rest === 0) break;
      const wave = Math.min(size, rest);
      sizes.push(wave);
      rest -= wave;
    }
    if (rest > 0) sizes.push(rest);
  } else {
    let size = waves.initial;
    while (rest > 0) {
      const wave = Math.min(size, rest);
      sizes.push(wave);
      rest -= wave;
      size = Math.ceil(size * waves.factor);
    }
  }
  return capWaves(sizes);
}

/** Past the limit, the last wave takes what the ones beyond it would have held. */
function capWaves(sizes: number[]): number[] {
  const max = PLAN_LIMITS.maxWaves + 1; // the canary does not count as a wave
  if (sizes.length <= max) return sizes;
  const kept = sizes.slice(0, max);
  kept[max - 1] = sizes.slice(max - 1).reduce((sum, size) => sum + size, 0);
  return kept;
}

/**
 * FNV-1a with MurmurHash3's finaliser: a stable order that needs no randomness to reproduce. The
 * finaliser matters: serial numbers differ in their last characters, which FNV alone leaves in
 * the low bits, so sorting by it would keep them nearly in serial order.
 */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Each device's wave (0 = the canary when there is one): the devices in a shuffled order that
 * depends only on the campaign and the device, so the canary is a sample of the whole target
 * rather than its first serial numbers, and the same campaign assigns the same way again.
 */
export function assignWaves(
  campaignId: string,
  deviceIds: readonly string[],
  sizes: readonly number[],
): Map<string, number> {
  const ordered = [...new Set(deviceIds)]
    .map((id) => ({ id, key: hash(`${campaignId}\u0000${id}`) }))
    .sort((a, b) => a.key - b.key || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const waves = new Map<string, number>();
  let wave = 0;
  let left = sizes[0] ?? 0;
  for (const { id } of ordered) {
    while (left === 0 && wave < sizes.length - 1) left = sizes[++wave] ?? 0;
    waves.set(id, wave);
    left -= 1;
  }
  return waves;
}

export interface WaveProgress {
  readonly total: number;
  /** Devices of the wave that reached an end: confirmed, failed or excluded. */
  readonly finished: number;
}

export type WaveStep =
  | { readonly kind: 'stay' }
  /** The wave ended: watch it until `until` before the next. */
  | { readonly kind: 'soak'; readonly until: Date }
  | { readonly kind: 'next'; readonly wave: number }
  /** The last wave ended. */
  | { readonly kind: 'done' };

/** Whether the rollout moves past its current wave now. */
export function nextWaveStep(
  plan: Pick<CampaignPlan, 'canary' | 'waveSoakSeconds'>,
  waves: readonly WaveProgress[],
  position: { readonly currentWave: number; readonly soakUntil?: Date },
  now: Date,
): WaveStep {
  const { currentWave, soakUntil } = position;
  const wave = waves[currentWave];
  if (wave && wave.finished < wave.total) return { kind: 'stay' };
  if (currentWave >= waves.length - 1) return { kind: 'done' };
  const soakSeconds =
    currentWave === 0 && plan.canary ? plan.canary.soakSeconds : (plan.waveSoakSeconds ?? 0);
  if (soakSeconds > 0) {
    if (!soakUntil) return { kind: 'soak', until: new Date(now.getTime() + soakSeconds * 1000) };
    if (now < soakUntil) return { kind: 'stay' };
  }
  return { kind: 'next', wave: currentWave + 1 };
}

/** How many devices may start now under the plan's concurrency and per-minute limits. */
export function startBudget(
  plan: Pick<CampaignPlan, 'maxInFlight' | 'maxPerMinute'>,
  inFlight: number,
  startedInLastMinute: number,
): number {
  return Math.max(
    0,
    Math.min(plan.maxInFlight - inFlight, plan.maxPerMinute - startedInLastMinute),
  );
}
