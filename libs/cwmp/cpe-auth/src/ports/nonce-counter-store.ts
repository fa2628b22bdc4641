/**
 * Replay protection for Digest: remembers the highest nonce count (nc) accepted per nonce, for
 * as long as the nonce is valid. Shared by every gateway pod (Redis) or held in process (the
 * single-process default).
 */
export interface NonceCounterStore {
  /**
   * Records `nc` for `nonce` if it is higher than any count accepted before, atomically.
   * Returns false when it is not (a replay). `ttlMs` is the nonce's remaining lifetime.
   */
  advance(nonce: string, nc: number, ttlMs: number): Promise<boolean>;
}
