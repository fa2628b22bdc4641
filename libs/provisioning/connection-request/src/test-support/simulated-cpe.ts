import type { CwmpMessage, Inform } from '@acs/cwmp-codec';
import {
  END_SESSION,
  ScriptedAcs,
  SimulatedDevice,
  Simulator,
  SimulatorOptions,
  soap,
} from '@acs/cpe-simulator';

export const CR_PASSWORD = 'cr-secret';

/**
 * One simulated CPE (the real CPE side: its connection-request listeners check Digest and TR-111
 * signatures) talking to a tiny ACS that answers Informs, plays `rpcs` in the first session and
 * can hold a session open to make the CPE busy.
 */
export class SimulatedCpe {
  private held: Promise<void> | undefined;
  private release: (() => void) | undefined;

  private constructor(
    readonly acs: ScriptedAcs,
    readonly simulator: Simulator,
  ) {}

  static async start(
    options: Partial<SimulatorOptions> = {},
    firstSessionRpcs: CwmpMessage[] = [],
  ): Promise<SimulatedCpe> {
    let session = 0;
    let next = 0;
    const late: { cpe?: SimulatedCpe } = {};
    const acs = new ScriptedAcs(async (received) => {
      const message = received.envelope?.message;
      if (message?.type === 'Inform') {
        await late.cpe?.held;
        session++;
        next = 0;
        const id = received.envelope?.header.id ?? '';
        return soap({ type: 'InformResponse', maxEnvelopes: 1 }, { id });
      }
      const rpc = session === 1 ? firstSessionRpcs[next++] : undefined;
      return rpc ? soap(rpc, { id: `rpc-${next}` }) : END_SESSION;
    });
    const acsUrl = await acs.start();
    const simulator = new Simulator({
      acsUrl,
      devices: 1,
      periodicEnabled: false,
      connectionRequests: { host: '127.0.0.1' },
      connectionRequestPassword: CR_PASSWORD,
      retryDelayMs: () => 100,
      ...options,
    });
    const cpe = new SimulatedCpe(acs, simulator);
    late.cpe = cpe;
    await simulator.start();
    await cpe.waitForInform((events) => events.includes('1 BOOT'));
    await cpe.waitUntil(() => !cpe.device.sessionInProgress, 'the boot session to end');
    return cpe;
  }

  get device(): SimulatedDevice {
    return this.simulator.device('SIM000000');
  }

  parameter(name: string): string {
    const root = this.device.state.profile.root.name;
    return String(this.device.parameter(`${root}.ManagementServer.${name}`)?.value ?? '');
  }

  get url(): string {
    return this.parameter('ConnectionRequestURL');
  }

  get username(): string {
    return this.parameter('ConnectionRequestUsername');
  }

  /** Event codes of every Inform the ACS received, in order. */
  informEvents(): string[][] {
    return this.acs
      .messages()
      .filter((message): message is Inform => message.type === 'Inform')
      .map((inform) => inform.events.map((event) => event.eventCode));
  }

  informs(): Inform[] {
    return this.acs.messages().filter((message): message is Inform => message.type === 'Inform');
  }

  /** Resolves with the first Inform (received already or later) whose events match. */
  async waitForInform(match: (events: string[]) => boolean, timeoutMs = 10_000): Promise<Inform> {
    const received = await this.acs.waitFor((request) => {
      const message = request.envelope?.message;
      return message?.type === 'Inform' && match(message.events.map((event) => event.eventCode));
    }, timeoutMs);
    return received.envelope?.message as Inform;
  }

  /** Holds the next Informs unanswered (the CPE stays in its session) until the returned call. */
  holdSessions(): () => void {
    this.held = new Promise((resolve) => (this.release = resolve));
    return () => {
      this.held = undefined;
      this.release?.();
    };
  }

  async waitUntil(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  async stop(): Promise<void> {
    this.release?.();
    await this.simulator.stop();
    await this.acs.stop();
  }
}
