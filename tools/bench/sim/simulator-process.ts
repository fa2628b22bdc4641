/**
 * Child process of bench:sim: the simulator alone in a process, so that the RSS it reports is the
 * simulator's and nothing else's (not the bench's, not the stand-in ACS's). `baseline` is this
 * process before any CPE exists (modules loaded, profiles built); `run` creates the CPEs, lets
 * each run its one bootstrap session and measures again once they are all idle.
 */
import { writeHeapSnapshot } from 'node:v8';
import { Simulator, type StatsSnapshot } from '@acs/cpe-simulator';
import { processUsage, serveParent, type ProcessUsage } from '../gateway/child-ipc';

/** Started with --expose-gc: measuring after a full collection leaves out garbage not yet swept. */
const collect = (globalThis as { gc?: () => void }).gc;

function settledUsage(): ProcessUsage {
  if (!collect) throw new Error('simulator-process needs --expose-gc');
  // Twice: the first pass runs finalizers (sockets, native buffers) that free more on the second.
  collect();
  collect();
  return processUsage();
}

export interface RunParams {
  acsUrl: string;
  devices: number;
  concurrency: number;
  /** Writes a heap snapshot here once the CPEs are idle (BENCH_HEAP_SNAPSHOT). */
  heapSnapshotPath?: string;
}

export interface RunFigures {
  stats: StatsSnapshot;
  usage: ProcessUsage;
  sessionsSeconds: number;
  /** Devices that have a ConnectionRequestURL and a UDPConnectionRequestAddress. */
  reachable: number;
}

let simulator: Simulator | undefined;

const api = {
  baseline: (): ProcessUsage => settledUsage(),
  run: async (params: RunParams): Promise<RunFigures> => {
    if (simulator) throw new Error('simulator already running');
    const started = Date.now();
    const running = new Simulator({
      acsUrl: params.acsUrl,
      devices: params.devices,
      profile: 'tr181',
      concurrency: params.concurrency,
      periodicEnabled: true,
      // One session each: the next periodic inform is a day away.
      periodicIntervalSeconds: 86_400,
      connectionRequests: { host: '127.0.0.1' },
    });
    simulator = running;
    const allDone = new Promise<void>((resolve) => {
      let ended = 0;
      running.on('session', () => {
        if (++ended === params.devices) resolve();
      });
    });
    await running.start();
    await allDone;
    const sessionsSeconds = (Date.now() - started) / 1000;
    let reachable = 0;
    for (const device of running.devices()) {
      const paths = device.state.profile.paths;
      if (
        device.parameter(paths.connectionRequestUrl)?.value &&
        device.parameter(paths.udpConnectionRequestAddress)?.value
      )
        reachable++;
    }
    const usage = settledUsage();
    if (params.heapSnapshotPath) writeHeapSnapshot(params.heapSnapshotPath);
    return { stats: running.stats(), usage, sessionsSeconds, reachable };
  },
};

export type SimulatorApi = typeof api;

serveParent(api, async () => {
  await simulator?.stop();
});
