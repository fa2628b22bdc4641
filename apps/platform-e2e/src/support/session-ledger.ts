import type { SessionEvent } from '@acs/contracts';
import type { Simulator } from '@acs/cpe-simulator';

/** What the CPEs were told was accepted, session by session (from the simulator's side). */
interface AcknowledgedSession {
  serial: string;
  sessionId: string;
  /** The device's messages the ACS answered, in order: `Inform`, RPC responses, own requests. */
  acknowledged: string[];
}

export interface Reconciliation {
  /** Messages the CPEs had answered (each must be on cwmp.session-events). */
  acknowledgedEvents: number;
  /** Of those, how many are not on the topic. */
  lostEvents: number;
  /** Sessions that the simulator saw acknowledged (an InformResponse). */
  acknowledgedSessions: number;
  /** A few of the lost ones, to say what went missing. */
  examples: string[];
}

/**
 * Records, for every simulated session, what the ACS acknowledged, keyed by the session id the
 * gateway put in its cookie (`<sessionId>.<deviceId>`), and checks it against the session events
 * read back from Kafka: an InformResponse means a SessionOpened of that session is on the
 * topic, each answered RPC response an RpcResult, each answered own request a CpeRequest.
 */
export class SessionLedger {
  private readonly sessions: AcknowledgedSession[] = [];
  /** Sessions that ended without success, by failure reason. */
  readonly failures = new Map<string, number>();
  completed = 0;

  constructor(private readonly cookieName = 'acs_session') {}

  attach(simulator: Simulator): void {
    simulator.on('session', ({ serial, result }) => {
      if (result.ok) this.completed++;
      else this.failures.set(result.reason, (this.failures.get(result.reason) ?? 0) + 1);
      if (result.acknowledged.length === 0) return;
      const sessionId = this.sessionIdOf(result.cookies);
      if (!sessionId) throw new Error(`acknowledged session of ${serial} without our cookie`);
      this.sessions.push({ serial, sessionId, acknowledged: result.acknowledged });
    });
  }

  reconcile(events: readonly SessionEvent[]): Reconciliation {
    const bySession = new Map<string, { opened: number; results: number; requests: number }>();
    for (const event of events) {
      const counts = bySession.get(event.sessionId) ?? { opened: 0, results: 0, requests: 0 };
      if (event.type === 'SessionOpened') counts.opened++;
      if (event.type === 'RpcResult') counts.results++;
      if (event.type === 'CpeRequest') counts.requests++;
      bySession.set(event.sessionId, counts);
    }
    let acknowledgedEvents = 0;
    let lostEvents = 0;
    const examples: string[] = [];
    for (const session of this.sessions) {
      const found = bySession.get(session.sessionId) ?? { opened: 0, results: 0, requests: 0 };
      const wanted = {
        opened: session.acknowledged.filter((type) => type === 'Inform').length,
        results: session.acknowledged.filter((type) => type.endsWith('Response')).length,
        requests: session.acknowledged.filter(
          (type) => type !== 'Inform' && !type.endsWith('Response'),
        ).length,
      };
      acknowledgedEvents += session.acknowledged.length;
      const lost =
        Math.max(0, wanted.opened - found.opened) +
        Math.max(0, wanted.results - found.results) +
        Math.max(0, wanted.requests - found.requests);
      if (lost > 0 && examples.length < 5) {
        examples.push(
          `${session.serial} ${session.sessionId}: ${JSON.stringify({ wanted, found })}`,
        );
      }
      lostEvents += lost;
    }
    return { acknowledgedEvents, lostEvents, acknowledgedSessions: this.sessions.length, examples };
  }

  private sessionIdOf(cookies: string | undefined): string | undefined {
    const value = cookies
      ?.split(';')
      .map((pair) => pair.trim())
      .find((pair) => pair.startsWith(`${this.cookieName}=`))
      ?.slice(this.cookieName.length + 1);
    return value?.slice(0, value.indexOf('.'));
  }
}
