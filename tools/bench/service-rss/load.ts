import { Simulator } from '@acs/cpe-simulator';

/** How a service runs: its sources through the TypeScript loader, or its build. */
export type Runtime = 'loader' | 'built';

/** Periodic informs, one a second per device, for `durationMs`; the sessions' outcome. */
export async function loadThrough(
  acsUrl: string,
  load: { devices: number; concurrency: number; durationMs: number },
): Promise<{ ok: number; failed: number }> {
  const simulator = new Simulator({
    acsUrl,
    devices: load.devices,
    concurrency: load.concurrency,
    profile: 'tr181',
    periodicEnabled: true,
    periodicIntervalSeconds: 1,
    connectionRequests: false,
  });
  await simulator.start();
  await new Promise((resolve) => setTimeout(resolve, load.durationMs));
  await simulator.stop();
  const stats = simulator.stats();
  return { ok: stats.sessionsOk, failed: stats.sessionsFailed };
}
