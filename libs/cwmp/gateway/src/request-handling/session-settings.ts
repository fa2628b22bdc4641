/** The parts of the gateway configuration the session logic needs. */
export interface SessionSettings {
  podId: string;
  sessionTimeoutMs: number;
  outboxWaitMs: number;
  cookieName: string;
  cookiePath: string;
  cookielessFallback: 'client-address' | 'off';
}

/**
 * The store keeps a session's keys this long past its silence deadline, so that the timeout
 * sweep still finds the record it must announce as closed.
 */
export function storeTtlMs(settings: SessionSettings, timeoutMs: number): number {
  return timeoutMs * 2 + settings.outboxWaitMs;
}
