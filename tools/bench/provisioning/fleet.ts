/**
 * A fleet of simulated CPEs (TR-181) kept for the whole run, unlike bench:gateway's load, which
 * makes new devices every round: provisioning remembers devices (inventory, the pending-work
 * marker), and a new simulator's devices would open every round with `0 BOOTSTRAP`, a full
 * evaluation, where the benchmark wants the periodic sessions of devices it already knows.
 *
 * The fleet starts sessions only when told: `passOnce` gives every device exactly one session,
 * `driveFor` keeps every device informing `2 PERIODIC` back to back for a while. A failed session
 * is retried by the device itself after `RETRY_DELAY_MS` and is reported by reason.
 */
import { formatSerial, Simulator, type SessionEvent as SimulatorSession } from '@acs/cpe-simulator';

export interface FleetSettings {
  url: string;
  devices: number;
  concurrency: number;
  serialPattern: string;
}

/** Sessions that ended ok while counting, and failures by reason. */
export interface SessionTally {
  latenciesMs: number[];
  rpcCounts: number[];
  failures: Record<string, number>;
}

const RETRY_DELAY_MS = 100;
const PASS_DEADLINE_MS = 120_000;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export class Fleet {
  readonly simulator: Simulator;
  /** Devices told to inform whose session has not ended ok yet. */
  private readonly busy = new Set<string>();
  private repeat = false;
  private tally: SessionTally | undefined;
  private idle: (() => void) | undefined;

  constructor(readonly settings: FleetSettings) {
    this.simulator = new Simulator({
      acsUrl: settings.url,
      devices: settings.devices,
      concurrency: settings.concurrency,
      profile: 'tr181',
      serialPattern: settings.serialPattern,
      periodicEnabled: false,
      connectionRequests: false,
      requestTimeoutMs: 15_000,
      retryDelayMs: () => RETRY_DELAY_MS,
    });
    this.simulator.on('session', (session) => this.ended(session));
  }

  /** The devices' serials, known before they are started. */
  get serials(): string[] {
    return Array.from({ length: this.settings.devices }, (_, i) =>
      formatSerial(this.settings.serialPattern, i),
    );
  }

  /** Boots every device (`0 BOOTSTRAP`/`1 BOOT` sessions) and waits until all succeeded. */
  async boot(): Promise<SessionTally> {
    for (const serial of this.serials) this.busy.add(serial);
    const tally = this.startCounting();
    await this.simulator.start();
    await this.untilIdle();
    this.tally = undefined;
    return tally;
  }

  /** One `2 PERIODIC` session on every device; resolves once all succeeded. */
  async passOnce(): Promise<SessionTally & { elapsedMs: number }> {
    const tally = this.startCounting();
    const started = performance.now();
    for (const serial of this.serials) this.inform(serial);
    await this.untilIdle();
    const elapsedMs = performance.now() - started;
    this.tally = undefined;
    return { ...tally, elapsedMs };
  }

  /**
   * Every device informs back to back; sessions ending inside [warmupMs, warmupMs + durationMs)
   * are counted. `atWindowEdge` runs at both edges (CPU readings). Returns once all have stopped.
   */
  async driveFor(
    warmupMs: number,
    durationMs: number,
    atWindowEdge: () => Promise<void>,
  ): Promise<SessionTally & { elapsedMs: number; generatorCpuUs: number }> {
    this.repeat = true;
    for (const serial of this.serials) this.inform(serial);
    await sleep(warmupMs);
    await atWindowEdge();
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const tally = this.startCounting();
    await sleep(durationMs);
    this.tally = undefined;
    const elapsedMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    await atWindowEdge();
    this.repeat = false;
    await this.untilIdle();
    return { ...tally, elapsedMs, generatorCpuUs: cpu.user + cpu.system };
  }

  async stop(): Promise<void> {
    this.repeat = false;
    await this.simulator.stop();
  }

  private inform(serial: string): void {
    this.busy.add(serial);
    this.simulator.device(serial).informNow('2 PERIODIC');
  }

  private startCounting(): SessionTally {
    const tally: SessionTally = { latenciesMs: [], rpcCounts: [], failures: {} };
    this.tally = tally;
    return tally;
  }

  private ended({ serial, result }: SimulatorSession): void {
    const tally = this.tally;
    if (!result.ok) {
      // The device retries by itself: it stays busy.
      if (tally) tally.failures[result.reason] = (tally.failures[result.reason] ?? 0) + 1;
      return;
    }
    if (tally) {
      tally.latenciesMs.push(result.durationMs);
      tally.rpcCounts.push(result.rpcCount);
    }
    // Asked for while the session is still winding down: it starts right after it.
    if (this.repeat) this.simulator.device(serial).informNow('2 PERIODIC');
    else {
      this.busy.delete(serial);
      if (this.busy.size === 0) this.idle?.();
    }
  }

  private async untilIdle(): Promise<void> {
    if (this.busy.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const done = new Promise<'done'>((resolve) => (this.idle = () => resolve('done')));
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), PASS_DEADLINE_MS);
    });
    const outcome = await Promise.race([done, timeout]);
    clearTimeout(timer);
    this.idle = undefined;
    if (outcome === 'timeout')
      throw new Error(
        `${this.busy.size} devices still in session after ${PASS_DEADLINE_MS} ms ` +
          `(e.g. ${[...this.busy].slice(0, 3).join(', ')})`,
      );
  }
}
