import type { AcsRequest, CpeResponse, Fault, ParameterValue } from '@acs/cwmp-codec';

/** What an RPC in flight was sent for: a task's attempt, or a step converging a device's presets. */
export type RpcPurpose =
  | { kind: 'task'; taskId: string; attempt: number }
  | { kind: 'convergence'; signature: string };

/** The one RPC provisioning queued in a session and has not yet seen answered. */
export interface InFlightRpc {
  rpcId: string;
  purpose: RpcPurpose;
  request: AcsRequest;
}

/** A task spread over several RPCs (batched GPV/SPV, GPN then GPV): where it has got to. */
export interface TaskStep {
  taskId: string;
  attempt: number;
  /** RPCs of this task already answered in this session. */
  step: number;
  /** Result gathered so far (values read by earlier batches, names learnt by GPN, ...). */
  partial: Record<string, unknown>;
}

/** An answer the session received to one of its convergence RPCs, replayed over the stored device. */
export interface SessionAnswer {
  request: AcsRequest;
  outcome: { kind: 'response'; response: CpeResponse } | { kind: 'fault'; fault: Fault };
  at: string;
}

/** Who the device is, from its Inform. */
export interface SessionIdentity {
  oui: string;
  productClass: string;
  serialNumber: string;
  manufacturer: string;
}

/**
 * Provisioning's memory of one open session, kept beside the session in the session store's
 * infrastructure (Redis, or in process) so that a restarted provisioning instance continues where
 * the crashed one stopped: events already handled are recognised by id, and an RPC recorded as in
 * flight is never queued a second time.
 */
export interface SessionProgress {
  sessionId: string;
  deviceId: string;
  identity: SessionIdentity;
  /** The values the Inform carried: current, and possibly newer than the stored device. */
  informValues: ParameterValue[];
  /** Inform event codes of the session (`2 PERIODIC`, `0 BOOTSTRAP`, ...). */
  eventCodes: string[];
  softwareVersion: string | null;
  /** Session events already acted on, newest last (bounded). */
  handled: string[];
  inFlight: InFlightRpc | null;
  /** END was queued: nothing more will be sent in this session. */
  ended: boolean;
  /** RPCs queued in this session. */
  rpcCount: number;
  /** Tasks started in this session, so a task that failed is not tried again in it. */
  tasksTried: string[];
  taskStep: TaskStep | null;
  /** RPCs sent to converge presets in this session (bounded by the round limit). */
  rounds: number;
  /** Signature of the last convergence step, to spot a CPE that accepts a change but keeps its old state. */
  lastStepSignature: string | null;
  /** Subtrees read during the session (instance discovery, refresh policies). */
  readSubtrees: string[];
  /** Subtrees listed with GetParameterNames during the session. */
  namesRead: string[];
  /** Answers to convergence RPCs, oldest first: what the session learnt beyond the stored device. */
  answers: SessionAnswer[];
  /** A convergence step failed or did not converge: presets are left alone for the session. */
  convergenceFault: boolean;
  /**
   * Tag changes this session asked inventory for, oldest first. Inventory applies them a moment
   * later (in the scaled topology, through Kafka); the session's view of the device includes them
   * at once, so a preset filtering on a tag just set applies in the same session and a one-off
   * action tagged as queued is never queued twice. Absent in records of older versions.
   */
  tagChanges?: TagChange[];
  /** The device's pending-work marker version read when the session opened (null: unknown). */
  markerVersion: number | null;
  /**
   * Writes of the device's progress record so far, this one included. A write succeeds only over
   * the record it was decided from, so two instances deciding for one device (a partition moving
   * in a rebalance) cannot both queue an RPC.
   */
  writes: number;
}

export interface TagChange {
  add: string[];
  remove: string[];
}

/** The progress with one more tag change of the session. */
export function withTagChange(progress: SessionProgress, change: TagChange): SessionProgress {
  if (change.add.length === 0 && change.remove.length === 0) return progress;
  return { ...progress, tagChanges: [...(progress.tagChanges ?? []), change] };
}

/** Tags after the session's own changes, in order (removals first within one, as the store). */
export function tagsAfterSession(stored: readonly string[], progress: SessionProgress): string[] {
  let tags = [...stored];
  for (const change of progress.tagChanges ?? []) {
    const removed = new Set(change.remove);
    tags = [...new Set([...tags.filter((tag) => !removed.has(tag)), ...change.add])];
  }
  return tags.sort();
}

/** How many handled event ids a progress record keeps: more than a session's events. */
export const HANDLED_EVENTS_KEPT = 256;

export function newSessionProgress(
  init: Pick<
    SessionProgress,
    'sessionId' | 'deviceId' | 'identity' | 'informValues' | 'eventCodes' | 'softwareVersion'
  > & {
    markerVersion: number | null;
    /** Writes of the record this one replaces (0 when there is none). */
    writesBefore: number;
  },
): SessionProgress {
  const { writesBefore, ...fields } = init;
  return {
    ...fields,
    writes: writesBefore,
    handled: [],
    inFlight: null,
    ended: false,
    rpcCount: 0,
    tasksTried: [],
    taskStep: null,
    rounds: 0,
    lastStepSignature: null,
    readSubtrees: [],
    namesRead: [],
    answers: [],
    convergenceFault: false,
  };
}

/** The progress with `eventId` recorded as handled. */
export function withHandled(progress: SessionProgress, eventId: string): SessionProgress {
  const handled = [...progress.handled, eventId];
  return { ...progress, handled: handled.slice(-HANDLED_EVENTS_KEPT) };
}
