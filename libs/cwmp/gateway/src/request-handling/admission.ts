/**
 * How long after a request of a session was served here the session still counts on this pod
 * when no other request of it comes. Behind a load balancer without stickiness a session's
 * requests take turns across the pods, and it often ends on another one: holding its place here
 * until the session timeout (30 s) made each pod's budget leak (bench:storm, two pods behind
 * HAProxy: admission fell to a few sessions a second with CPEs waiting). 10 s covers a CPE
 * working on an RPC (a large GetParameterValues) between two requests.
 */
export const ADMISSION_HOLD_MS = 10_000;

/**
 * The pod's budget of sessions in flight. A session counts from its Inform until it ends here, or
 * until it has been silent on this pod for ADMISSION_HOLD_MS (it may have moved to, or ended on,
 * another pod, or its CPE vanished), never past its session deadline. New Informs are refused
 * beyond the budget; sessions in progress are not.
 */
export class Admission {
  private readonly sessions = new Map<string, number>();
  private reserved = 0;
  private draining = false;
  private prunedAt = 0;

  constructor(
    private readonly budget: number,
    private readonly retryAfter: { minSeconds: number; maxSeconds: number },
    private readonly onChange: (inFlight: number) => void = () => undefined,
    private readonly now: () => number = Date.now,
    private readonly random: () => number = Math.random,
  ) {}

  /** Whether a new session would be taken now (checked before reading a 100-continue body). */
  hasRoom(): boolean {
    if (this.draining) return false;
    this.prune();
    return this.sessions.size + this.reserved < this.budget;
  }

  /** Takes a place for a session about to open; null when there is none (then send 503). */
  reserve(): { commit(sessionId: string, until: number): void; release(): void } | null {
    if (!this.hasRoom()) return null;
    this.reserved++;
    let held = true;
    const free = () => {
      if (!held) return;
      held = false;
      this.reserved--;
    };
    return {
      commit: (sessionId, until) => {
        free();
        this.sessions.set(sessionId, this.heldUntil(until));
        this.onChange(this.sessions.size);
      },
      release: free,
    };
  }

  /** A request of the session was served here: it counts until `until`. */
  touch(sessionId: string, until: number): void {
    this.sessions.set(sessionId, this.heldUntil(until));
    this.onChange(this.sessions.size);
  }

  end(sessionId: string): void {
    if (this.sessions.delete(sessionId)) this.onChange(this.sessions.size);
  }

  /** No new sessions from now on (SIGTERM). */
  drain(): void {
    this.draining = true;
  }

  get isDraining(): boolean {
    return this.draining;
  }

  /** Seconds for a Retry-After, spread so that refused CPEs do not all return at once. */
  retryAfterSeconds(): number {
    const { minSeconds, maxSeconds } = this.retryAfter;
    return (
      minSeconds + Math.floor(this.random() * (Math.max(maxSeconds, minSeconds) - minSeconds + 1))
    );
  }

  private heldUntil(sessionDeadline: number): number {
    return Math.min(sessionDeadline, this.now() + ADMISSION_HOLD_MS);
  }

  /** At most every 100 ms: a storm must not turn each Inform into a scan of every session. */
  private prune(): void {
    const now = this.now();
    if (now - this.prunedAt < 100) return;
    this.prunedAt = now;
    let removed = false;
    for (const [sessionId, until] of this.sessions) {
      if (until <= now) {
        this.sessions.delete(sessionId);
        removed = true;
      }
    }
    if (removed) this.onChange(this.sessions.size);
  }
}
