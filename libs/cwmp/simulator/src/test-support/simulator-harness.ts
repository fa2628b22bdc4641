import type { CwmpMessage, Inform } from '@acs/cwmp-codec';
import { Simulator, SimulatorOptions } from '../runtime/simulator';
import { END_SESSION, Received, Reply, Script, ScriptedAcs, soap } from './scripted-acs';

export const FIRMWARE = Buffer.alloc(4096, 7);
const CPE_REQUESTS = new Set([
  'TransferComplete',
  'AutonomousTransferComplete',
  'RequestDownload',
  'DUStateChangeComplete',
  'AutonomousDUStateChangeComplete',
]);

export interface SessionsAcsOptions {
  /** Answer this many Informs with 503 first. */
  busyFirst?: number;
  /** More files to serve, by path (the query string is ignored: signed URLs work). */
  files?: Readonly<Record<string, Buffer>>;
}

/**
 * An ACS that plays one list of RPCs per session (then empty sessions), answers the CPE's own
 * requests, serves `/files/firmware-2.0.0.bin` (and `files`) and takes PUTs anywhere: what was
 * PUT is served back on a GET of the same path (an uploaded backup, downloaded to restore it).
 */
export function sessionsAcs(plans: CwmpMessage[][], options: SessionsAcsOptions = {}) {
  let session = -1;
  let next = 0;
  let busy = options.busyFirst ?? 0;
  const uploaded = new Map<string, Buffer>();
  return (received: Received): Reply => {
    const path = received.url.split('?')[0] ?? '';
    const file =
      path === '/files/firmware-2.0.0.bin'
        ? FIRMWARE
        : (options.files?.[path] ?? uploaded.get(path));
    if (received.method === 'GET' && file) return { status: 200, body: file };
    if (received.method === 'PUT') {
      uploaded.set(path, received.raw);
      return { status: 201 };
    }
    if (received.method === 'GET') return { status: 404 };
    const message = received.envelope?.message;
    const id = received.envelope?.header.id ?? '';
    if (message?.type === 'Inform') {
      if (busy > 0) {
        busy--;
        return { status: 503, headers: { 'Retry-After': '1' } };
      }
      session++;
      next = 0;
      return soap({ type: 'InformResponse', maxEnvelopes: 1 }, { id });
    }
    if (message?.type === 'Kicked')
      return soap({ type: 'KickedResponse', nextUrl: 'http://portal/next' }, { id });
    if (message?.type === 'GetRPCMethods') {
      return soap(
        { type: 'GetRPCMethodsResponse', methods: ['Inform', 'TransferComplete'] },
        { id },
      );
    }
    if (message && CPE_REQUESTS.has(message.type)) {
      return soap({ type: `${message.type}Response` } as CwmpMessage, { id });
    }
    const rpc = plans[session]?.[next++];
    return rpc ? soap(rpc, { id: `s${session}-${next}` }) : END_SESSION;
  };
}

/**
 * One ScriptedAcs and one Simulator per test, stopped after it: `run` starts both with a
 * one-device simulator playing `plans` (see sessionsAcs).
 */
export class SimulatorHarness {
  acs: ScriptedAcs | undefined;
  sim: Simulator | undefined;

  /** `plans` may depend on the ACS's base URL (file URLs for Download, Upload, ChangeDUState). */
  async run(
    plans: CwmpMessage[][] | ((baseUrl: string) => CwmpMessage[][]),
    options: Partial<SimulatorOptions> = {},
    acsOptions: SessionsAcsOptions = {},
  ): Promise<Simulator> {
    // The script needs the ACS's address, which exists only once the ACS listens.
    const late: { script?: Script } = {};
    this.acs = new ScriptedAcs((received, acs) => (late.script as Script)(received, acs));
    const acsUrl = await this.acs.start();
    late.script = sessionsAcs(
      typeof plans === 'function' ? plans(this.acs.baseUrl) : plans,
      acsOptions,
    );
    this.sim = new Simulator({
      acsUrl,
      devices: 1,
      rebootDelayMs: 10,
      periodicEnabled: false,
      ...options,
    });
    await this.sim.start();
    return this.sim;
  }

  async stop(): Promise<void> {
    await this.sim?.stop();
    await this.acs?.stop();
    this.sim = undefined;
    this.acs = undefined;
  }

  informs(): Inform[] {
    return (this.acs?.messages() ?? []).filter(
      (message): message is Inform => message.type === 'Inform',
    );
  }

  /** The n-th Inform the ACS received (1-based), waiting for it up to the deadline. */
  async nthInform(n: number, timeoutMs = 10_000): Promise<Inform> {
    let count = 0;
    await this.acs?.waitFor(
      (received) => received.envelope?.message.type === 'Inform' && ++count === n,
      timeoutMs,
    );
    return this.informs()[n - 1] as Inform;
  }
}

/** `M Reboot/key` for events with a CommandKey, the bare code otherwise. */
export const eventCodes = (inform: Inform | undefined): string[] =>
  (inform?.events ?? []).map((event) =>
    event.commandKey ? `${event.eventCode}/${event.commandKey}` : event.eventCode,
  );

/** Polls a condition every 10 ms until it holds, or fails at the deadline. */
export async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met before the deadline');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Waits until the simulator has counted `count` sessions (successful or not). */
export function sessions(simulator: Simulator, count: number, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const stats = simulator.stats();
      if (stats.sessionsOk + stats.sessionsFailed >= count) {
        clearTimeout(timer);
        simulator.off('session', check);
        resolve();
      }
    };
    const timer = setTimeout(() => reject(new Error(`fewer than ${count} sessions`)), timeoutMs);
    simulator.on('session', check);
    check();
  });
}
