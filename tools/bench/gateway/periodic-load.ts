/**
 * The load of bench:gateway: the CPE simulator's devices (TR-181 profile) run periodic sessions
 * back to back, each device informing `2 PERIODIC` again as soon as its session succeeded, with at
 * most `concurrency` sessions in flight (the simulator's limiter; a session's latency starts once
 * it has a slot). Sessions that end inside the measured window, after a warm-up (at least
 * `warmupMs`, and until every device had a session), are counted.
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
  /** Of those, the sessions that took a 401 (no kept Digest nonce, or one refused). */
  challengedSessions: number;
  failures: Record<string, number>;
  elapsedMs: number;
  /** Latency of each successful session in the window (Inform sent to 204 received), ms. */
  latenciesMs: number[];
  /** CPU time of this process (the load generator) during the window, in microseconds. */
  generatorCpuUs: number;
}

const RETRY_DELAY_MS = 100;
/** Longest wait past warmupMs for every device's first session (a failing target never has). */
const WARMUP_LIMIT_MS = 45_000;

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
        challenged: number;
        failures: Record<string, number>;
        started: number;
        cpu: NodeJS.CpuUsage;
      }
    | undefined;
  // Serials that completed a session: a device's first session in a round takes the Digest 401
  // (no nonce kept yet), its later ones need not, so the window opens once all had their first.
  private readonly settled = new Set<string>();

  private readonly devices: number;

  constructor(settings: Omit<LoadSettings, 'warmupMs' | 'durationMs'>) {
    this.devices = settings.devices;
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
      if (result.ok) this.settled.add(serial);
      if (this.window) {
        if (result.ok) {
          this.window.latenciesMs.push(result.durationMs);
          if (result.challenges > 0) this.window.challenged++;
        } else this.window.failures[result.reason] = (this.window.failures[result.reason] ?? 0) + 1;
      }
      // Asked for while the session is still winding down: it starts right after it.
      if (result.ok) this.simulator.device(serial).informNow('2 PERIODIC');
    });
  }

  start(): Promise<void> {
    return this.simulator.start();
  }

  /** Waits until every device had its first session (the 401 one): 45 s at most, within a child call. */
  async untilEveryDeviceHadASession(): Promise<void> {
    const deadline = Date.now() + WARMUP_LIMIT_MS;
    while (this.settled.size < this.devices && Date.now() < deadline) await sleep(50);
  }

  openWindow(): void {
    this.window = {
      latenciesMs: [],
      challenged: 0,
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
      challengedSessions: window.challenged,
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
    await load.untilEveryDeviceHadASession();
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
