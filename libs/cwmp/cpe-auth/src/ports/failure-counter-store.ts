/**
 * Counts authentication failures per source address and blocks a source that reaches the limit
 * within the window, for a cool-down. Shared by every pod (Redis) or held in process.
 */
export interface FailureLimits {
  maxFailures: number;
  windowMs: number;
  cooldownMs: number;
}

export interface FailureCounterStore {
  /** Milliseconds the source stays blocked; 0 when it is not blocked. */
  blockedForMs(source: string): Promise<number>;
  /**
   * Counts one failure; when this one reaches `maxFailures` within `windowMs`, blocks the source
   * for `cooldownMs` and starts counting afresh. Returns how long the source is now blocked
   * (0 when it is not).
   */
  recordFailure(source: string, limits: FailureLimits): Promise<number>;
}
