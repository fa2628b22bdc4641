import { Static, Type } from '@sinclair/typebox';
import type { DeviceFault } from '../device-model/device-model';

/**
 * How an open device fault ended: `resolved` when its cause went away (the task that failed
 * succeeded, the presets that faulted converged), `operator` when someone cleared it in the API.
 */
export const FAULT_CLEARED_BY = ['resolved', 'operator'] as const;
export type FaultClearedBy = (typeof FAULT_CLEARED_BY)[number];

/** An open device fault was cleared: it is gone from `GET /api/v1/faults`. */
export const FaultClearedEventSchema = Type.Object({
  schemaVersion: Type.Literal(1),
  /** `fault:<faultId>:cleared`: a fault is cleared once, whoever clears it and however often. */
  eventId: Type.String({ minLength: 1 }),
  deviceId: Type.String({ minLength: 1 }),
  occurredAt: Type.String({ minLength: 20 }),
  type: Type.Literal('FaultCleared'),
  /** The id the fault had in the API (its first occurrence's). */
  faultId: Type.String({ minLength: 1 }),
  code: Type.String({ minLength: 1 }),
  /** Its cause: `task:<taskId>`, `provisioning preset:<id>, ...`, an RPC method, `session`. */
  source: Type.String(),
  clearedBy: Type.Union(FAULT_CLEARED_BY.map((how) => Type.Literal(how))),
});
export type FaultClearedEvent = Static<typeof FaultClearedEventSchema>;

/**
 * The FaultCleared event of `fault`. Its id derives from the fault alone, so a clear published
 * again after a crash (or by an operator racing the platform) is one event to a consumer.
 */
export function faultClearedEvent(
  fault: Pick<DeviceFault, 'faultId' | 'deviceId' | 'code' | 'source'>,
  clearedBy: FaultClearedBy,
  occurredAt: string,
): FaultClearedEvent {
  return {
    schemaVersion: 1,
    eventId: `fault:${fault.faultId}:cleared`,
    deviceId: fault.deviceId,
    occurredAt,
    type: 'FaultCleared',
    faultId: fault.faultId,
    code: fault.code,
    source: fault.source,
    clearedBy,
  };
}

/** What kind of cause a fault's source names: a bounded label for metrics and matching. */
export type FaultSourceKind = 'task' | 'provisioning' | 'rpc' | 'session' | 'other';

/** A CPE fault's source is the ACS method it answered (`SetParameterValues`). */
const RPC_METHOD = /^[A-Z][A-Za-z]{2,40}$/;

export function faultSourceKind(source: string): FaultSourceKind {
  if (source.startsWith('task:')) return 'task';
  if (source === 'provisioning' || source.startsWith('provisioning ')) return 'provisioning';
  if (source === 'session') return 'session';
  return RPC_METHOD.test(source) ? 'rpc' : 'other';
}

/** The source of the device fault a task's failed attempts raise. */
export function taskFaultSource(taskId: string): string {
  return `task:${taskId}`;
}
