/**
 * Child process of bench:scale-out: the simulator, the load generator, in a process of its own,
 * so that it shares no event loop with the bench that reads every server's CPU time, and its own
 * CPU time is known. The parent opens and closes the measured window.
 */
import { processUsage, serveParent } from '../gateway/child-ipc';
import { PeriodicLoad, type LoadFigures, type LoadSettings } from '../gateway/periodic-load';

let load: PeriodicLoad | undefined;

function running(): PeriodicLoad {
  if (!load) throw new Error('no load is running');
  return load;
}

const api = {
  start: async (settings: Omit<LoadSettings, 'warmupMs' | 'durationMs'>): Promise<void> => {
    if (load) throw new Error('a load is already running');
    load = new PeriodicLoad(settings);
    await load.start();
  },
  untilEveryDeviceHadASession: (): Promise<void> => running().untilEveryDeviceHadASession(),
  openWindow: (): void => running().openWindow(),
  closeWindow: (): LoadFigures => running().closeWindow(),
  stop: async (): Promise<void> => {
    const stopping = load;
    load = undefined;
    await stopping?.stop();
  },
  usage: () => processUsage(),
};

export type LoadApi = typeof api;

serveParent(api, async () => {
  await load?.stop();
});
