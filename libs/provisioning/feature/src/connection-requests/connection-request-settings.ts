/** How provisioning wakes devices: transports, rate limits and the TR-111 STUN server. */
export interface ConnectionRequestSettings {
  /** Bound on one HTTP connection request (challenge, answer and the one retry). */
  timeoutMs: number;
  /** Answer a CPE that offers only Basic (the password then crosses the network in clear). */
  allowBasic: boolean;
  /** Minimum time between two connection requests to one device. */
  deviceIntervalMs: number;
  /** Connection requests per second for the whole platform (every pod together). */
  globalPerSecond: number;
  /**
   * UDP port of the TR-111 STUN server (3478 is the standard one); 0, the default: none, and UDP
   * connection requests leave from a socket of their own.
   */
  stunPort: number;
  /** Address the STUN server binds. */
  stunHost: string;
}
