import type { ReadinessCheck } from './ops-server';

/** One dependency's probe: resolves when it answered, rejects (or times out) when it did not. */
export type DependencyProbe = () => Promise<unknown>;

export interface ReadinessOptions {
  /** A probe slower than this counts as down: a hung broker must not hang the kubelet's probe. */
  timeoutMs?: number;
  /** How long an answer is reused: a scrape or probe storm costs each dependency one call. */
  cacheMs?: number;
}

/**
 * /readyz over named probes, run side by side, each bounded in time, their answers cached
 * briefly (a failure too, so a down dependency is not hammered either).
 */
export function readinessOf(
  probes: Record<string, DependencyProbe>,
  { timeoutMs = 2_000, cacheMs = 1_000 }: ReadinessOptions = {},
): ReadinessCheck {
  let cached: { at: number; checks: Promise<Record<string, boolean>> } | undefined;
  const probeAll = async () => {
    const names = Object.keys(probes);
    const answers = await Promise.all(
      names.map((name) =>
        withinTime(probes[name], timeoutMs).then(
          () => true,
          () => false,
        ),
      ),
    );
    return Object.fromEntries(names.map((name, index) => [name, answers[index] ?? false]));
  };
  return () => {
    const now = Date.now();
    if (!cached || now - cached.at >= cacheMs) cached = { at: now, checks: probeAll() };
    return cached.checks;
  };
}

/** Several checks as one: the all-in-one app's modules each bring theirs. */
export function combinedReadiness(...checks: ReadinessCheck[]): ReadinessCheck {
  return async () => Object.assign({}, ...(await Promise.all(checks.map((check) => check()))));
}

async function withinTime(probe: DependencyProbe | undefined, timeoutMs: number): Promise<void> {
  if (!probe) throw new Error('no probe');
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
