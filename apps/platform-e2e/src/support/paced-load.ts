import type { Simulator } from '@acs/cpe-simulator';

export interface PacedLoad {
  /** Sessions asked for so far (some may still be under way). */
  readonly started: number;
  /** Stops asking for sessions, and resolves once none is in flight. */
  stop(): Promise<void>;
}

/**
 * Asks the simulator's devices for sessions at `perSecond`, taking turns over devices not in a
 * session: a share `bootShare` of them `1 BOOT` (a CPE back from a power cut), the others
 * `2 PERIODIC`. A device still busy when its turn comes is skipped, so the load never piles up
 * sessions the ACS has not finished.
 */
export function pacedSessions(
  simulator: Simulator,
  serials: readonly string[],
  options: { perSecond: number; bootShare: number },
): PacedLoad {
  const tickMs = 20;
  const perTick = (options.perSecond * tickMs) / 1000;
  let owed = 0;
  let next = 0;
  let started = 0;
  const timer = setInterval(() => {
    owed += perTick;
    for (let tries = 0; owed >= 1 && tries < serials.length; tries++) {
      const serial = serials[next++ % serials.length] as string;
      const device = simulator.device(serial);
      if (device.sessionInProgress) continue;
      device.informNow(Math.random() < options.bootShare ? '1 BOOT' : '2 PERIODIC');
      owed -= 1;
      started++;
    }
    // Devices all busy: the load does not bank what it could not start.
    owed = Math.min(owed, 1);
  }, tickMs);
  return {
    get started() {
      return started;
    },
    stop: async () => {
      clearInterval(timer);
      const deadline = Date.now() + 180_000;
      while (serials.some((serial) => simulator.device(serial).sessionInProgress)) {
        if (Date.now() > deadline) throw new Error('sessions still in flight 180 s after the load');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
  };
}
