/**
 * Redis keys of the session store. Every key of one device carries the device id as a hash tag
 * (`{...}`) so a Redis Cluster keeps them on one slot and multi-key scripts stay valid.
 * Device ids are percent-encoded (see device-id.ts) and so never contain `{` or `}`.
 */
export const REDIS_KEYS = {
  /** Hash: the session record (id, pod, CWMP version, state, deadlines). Expires with the session. */
  session: (deviceId: string) => `acs:{${deviceId}}:session`,
  /** String: the id of the session holding the device; SET NX PX, taken over by a new Inform. */
  lock: (deviceId: string) => `acs:{${deviceId}}:lock`,
  /** List: RPCs (or END) that provisioning queued for the open session, in order. */
  outbox: (deviceId: string) => `acs:{${deviceId}}:outbox`,
  /**
   * Sorted set: device id → its session's silence deadline, sharded so that no one key (and, in a
   * Cluster, no one slot) carries every session. Gateway pods sweep them for timed-out sessions.
   */
  sessionDeadlines: (shard: number) => `acs:{deadlines-${shard}}:sessions`,
  /** String: device id of the last session a client address opened (cookie-less CPEs). */
  clientSession: (address: string) => `acs:client:{${address}}`,
  /** Pub/sub channel of one gateway pod: "the outbox of device X has something". */
  podWakeups: (podId: string) => `acs:pod:${podId}:wakeups`,
  /** String: when the device was last sent a connection request (per-device minimum interval). */
  connectionRequestRate: (deviceId: string) => `acs:{${deviceId}}:cr-rate`,
  /** Hash: the platform-wide token bucket of connection requests (tokens, last refill). */
  connectionRequestGlobalRate: 'acs:{cr-rate}:global',
  /** String (JSON): provisioning's progress through the device's open session. */
  provisioningProgress: (deviceId: string) => `acs:{${deviceId}}:provisioning`,
  /**
   * Hash: the device's pending-work marker. `v` counts changes that may have given it work (new
   * task, tags, subscriber data); `rev` and `due` say that an evaluation at version `v` found no
   * work under presets revision `rev` until time `due`.
   */
  pendingWork: (deviceId: string) => `acs:{${deviceId}}:work`,
} as const;

/** How many shards `sessionDeadlines` is split into. */
export const SESSION_DEADLINE_SHARDS = 16;
