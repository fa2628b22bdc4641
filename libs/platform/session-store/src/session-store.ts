import type { AcsRequest, CwmpVersion } from '@acs/cwmp-codec';
import type { OutboxEntry } from '@acs/contracts';

/** An RPC the gateway sent and the CPE has not answered yet. */
export interface OutstandingRpc {
  rpcId: string;
  method: AcsRequest['type'];
  /** The cwmp:ID the request went out with; a CPE echoes it in its answer. */
  cwmpId: string;
  /** The request itself: the result event carries it to provisioning and inventory. */
  request: AcsRequest;
  /** When it went out (epoch ms), for the round-trip metric. */
  sentAt?: number;
}

/** What any gateway pod needs to continue a CPE session on the CPE's next HTTP request. */
export interface SessionRecord {
  sessionId: string;
  deviceId: string;
  /** The pod whose wake-up channel provisioning notifies when it writes the outbox. */
  podId: string;
  cwmpVersion: CwmpVersion;
  /** Namespace the CPE writes; every answer uses it byte for byte. */
  namespace: string;
  openedAt: number;
  /**
   * When the session times out if the CPE stays silent (epoch ms). The store keeps the record a
   * while past it, so that a sweep can close the session and say so (SessionClosed: timeout).
   */
  expiresAt: number;
  /** Silence allowed in this session: the configured timeout, or longer if the CPE asked (SessionTimeout). */
  timeoutMs: number;
  rpcCount: number;
  outstanding: OutstandingRpc | null;
}

export type SavedThenNext = { saved: false } | { saved: true; next: Promise<OutboxEntry | null> };

export interface OpenedSession {
  /** The session this one took over (the CPE rebooted or retried mid-session), if any. */
  replaced: SessionRecord | null;
}

/**
 * The session store port: session record, device lock, outbox and wake-ups. Every operation that
 * changes a session names the session id, and is refused once another session holds the device,
 * so a slow pod can never write into a session that was taken over.
 */
export interface SessionStore {
  /** Opens a session, taking the device over from any open one; clears the previous outbox. */
  open(record: SessionRecord, ttlMs: number): Promise<OpenedSession>;
  get(deviceId: string): Promise<SessionRecord | null>;
  /** Replaces the record of the session holding the device and renews its TTL; false if it no longer holds it. */
  save(record: SessionRecord, ttlMs: number): Promise<boolean>;
  /** Ends the session if it still holds the device; returns the record it removed. */
  close(deviceId: string, sessionId: string): Promise<SessionRecord | null>;
  /** Queues an outbox entry for the session (provisioning's side) and wakes the owning pod. */
  push(deviceId: string, entry: OutboxEntry): Promise<boolean>;
  /** The next outbox entry of the session, waiting up to `timeoutMs` for provisioning to write one. */
  next(deviceId: string, sessionId: string, timeoutMs: number): Promise<OutboxEntry | null>;
  /**
   * `save`, then `next`: when the outbox already holds the entry (provisioning decided while the
   * CPE was on its way), both in one step. `saved` is known before the wait for an entry begins.
   */
  saveAndNext(record: SessionRecord, ttlMs: number, timeoutMs: number): Promise<SavedThenNext>;
  /** Sessions whose `expiresAt` has passed and that are still open, oldest first. */
  expired(now: number, limit: number): Promise<SessionRecord[]>;
  /**
   * Remembers which device a client address last opened a session for, for CPEs that return no
   * cookie (CWMP.md: fall back to a key derived from the client address).
   */
  bindClient(address: string, deviceId: string, ttlMs: number): Promise<void>;
  clientDevice(address: string): Promise<string | null>;
  /** Releases connections; pending waits resolve with null. */
  shutdown(): Promise<void>;
}
