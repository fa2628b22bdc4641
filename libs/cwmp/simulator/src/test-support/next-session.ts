import type { Simulator, SessionEvent as SimulatedSession } from '../runtime/simulator';

/** Resolves with the next session the simulator completes (or fails) for `serial`. */
export function nextSession(
  simulator: Simulator,
  serial: string,
  timeoutMs = 20_000,
): Promise<SimulatedSession['result']> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      simulator.off('session', listener);
      reject(new Error(`no session of ${serial} within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (event: SimulatedSession) => {
      if (event.serial !== serial) return;
      clearTimeout(timer);
      simulator.off('session', listener);
      resolve(event.result);
    };
    simulator.on('session', listener);
  });
}
