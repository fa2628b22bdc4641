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
const WARMUP_LIMIT_MS = 60_000;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function drivePeriodicSessions(
  settings: LoadSettings,
  /** Called at the edges of the measured window, e.g. to read the servers' CPU time. */
  atWindowEdge: () => Promise<void> = async () => undefined,
): Promise<LoadFigures> {
  const simulator = new Simulator({
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
  let window:
    | { latenciesMs: number[]; challenged: number; failures: Record<string, number> }
    | undefined;
  // Serials that completed a session: a device's first session in a round takes the Digest 401
  // (no nonce kept yet), its later ones need not, so the window opens once all had their first.
  const settled = new Set<string>();
  simulator.on('session', ({ serial, result }) => {
    if (result.ok) settled.add(serial);
    if (window) {
      if (result.ok) {
        window.latenciesMs.push(result.durationMs);
        if (result.challenges > 0) window.challenged++;
      } else window.failures[result.reason] = (window.failures[result.reason] ?? 0) + 1;
    }
    // Asked for while the session is still winding down: it starts right after it.
    if (result.ok) simulator.device(serial).informNow('2 PERIODIC');
  });
  await simulator.start();
  try {
    await sleep(settings.warmupMs);
    const warmupDeadline = Date.now() + WARMUP_LIMIT_MS;
    while (settled.size < settings.devices && Date.now() < warmupDeadline) await sleep(50);
    await atWindowEdge();
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const measuring = { latenciesMs: [] as number[], challenged: 0, failures: {} };
    window = measuring;
    await sleep(settings.durationMs);
    window = undefined;
    const elapsedMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    await atWindowEdge();
    return {
      sessions: measuring.latenciesMs.length,
      challengedSessions: measuring.challenged,
      failures: measuring.failures,
      elapsedMs,
      latenciesMs: measuring.latenciesMs,
      generatorCpuUs: cpu.user + cpu.system,
    };
  } finally {
    await simulator.stop();
  }
}
