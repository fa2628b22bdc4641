/**
 * The load of bench:gateway: the CPE simulator's devices (TR-181 profile) run periodic sessions
 * back to back, each device informing `2 PERIODIC` again as soon as its session succeeded, with at
 * most `concurrency` sessions in flight (the simulator's limiter; a session's latency starts once
 * it has a slot). Sessions that end inside the measured window, after a warm-up, are counted.
 * A failed session waits `retryDelayMs` like a CPE backing off, and is reported by reason.
 */
import { Simulator } from '@acs/cpe-simulator';

export interface LoadSettings {
  url: string;
  devices: number;
  concurrency: number;
  warmupMs: number;
  durationMs: number;
  serialPattern: string;
  password: string;
}

export interface LoadFigures {
  sessions: number;
  failures: Record<string, number>;
  elapsedMs: number;
  /** Latency of each successful session in the window (Inform sent to 204 received), ms. */
  latenciesMs: number[];
  /** CPU time of this process (the load generator) during the window, in microseconds. */
  generatorCpuUs: number;
}

const RETRY_DELAY_MS = 100;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The periodic load with its measured window opened and closed by the caller: for a generator
 * in a process of its own, whose parent reads the servers' CPU time at the window's edges.
 */
export class PeriodicLoad {
  private readonly simulator: Simulator;
  private window:
    | {
        latenciesMs: number[];
        failures: Record<string, number>;
        started: number;
        cpu: NodeJS.CpuUsage;
      }
    | undefined;

  constructor(settings: Omit<LoadSettings, 'warmupMs' | 'durationMs'>) {
    this.simulator = new Simulator({
      acsUrl: settings.url,
      devices: settings.devices,
      concurrency: settings.concurrency,
      profile: 'tr181',
      serialPattern: settings.serialPattern,
      acsPassword: settings.password,
      periodicEnabled: false,
      connectionRequests: false,
      requestTimeoutMs: 15_000,
      retryDelayMs: () => RETRY_DELAY_MS,
    });
    this.simulator.on('session', ({ serial, result }) => {
      if (this.window) {
        if (result.ok) this.window.latenciesMs.push(result.durationMs);
        else this.window.failures[result.reason] = (this.window.failures[result.reason] ?? 0) + 1;
      }
      // Asked for while the session is still winding down: it starts right after it.
      if (result.ok) this.simulator.device(serial).informNow('2 PERIODIC');
    });
  }

  start(): Promise<void> {
    return this.simulator.start();
  }

  openWindow(): void {
    this.window = {
      latenciesMs: [],
      failures: {},
      started: performance.now(),
      cpu: process.cpuUsage(),
    };
  }

  closeWindow(): LoadFigures {
    const window = this.window;
    if (!window) throw new Error('no measured window is open');
    this.window = undefined;
    const cpu = process.cpuUsage(window.cpu);
    return {
      sessions: window.latenciesMs.length,
      failures: window.failures,
      elapsedMs: performance.now() - window.started,
      latenciesMs: window.latenciesMs,
      generatorCpuUs: cpu.user + cpu.system,
    };
  }

  stop(): Promise<void> {
    return this.simulator.stop();
  }
}

export async function drivePeriodicSessions(
  settings: LoadSettings,
  /** Called at the edges of the measured window, e.g. to read the servers' CPU time. */
  atWindowEdge: () => Promise<void> = async () => undefined,
): Promise<LoadFigures> {
  const load = new PeriodicLoad(settings);
  await load.start();
  try {
    await sleep(settings.warmupMs);
    await atWindowEdge();
    load.openWindow();
    await sleep(settings.durationMs);
    const figures = load.closeWindow();
    await atWindowEdge();
    return figures;
  } finally {
    await load.stop();
  }
}
