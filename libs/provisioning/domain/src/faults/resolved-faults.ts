import { faultSourceKind, taskFaultSource, type DeviceFault } from '@acs/contracts';

/**
 * What went right that may end open faults of a device:
 * - `task`: the task succeeded (after failed attempts). Its own fault (`task:<id>`) is resolved,
 *   and so is a CPE fault (source: the RPC method) of the same code recorded since the task was
 *   created: that is the answer that failed the attempt, and the same RPC has now succeeded.
 * - `converged`: a session brought the device to the state its presets declare. Every
 *   provisioning fault is resolved (the presets it names now hold, or no longer apply), and so is
 *   a CPE fault of the same code as one of them: the convergence RPC that faulted.
 * Nothing else is resolved automatically: a session timeout, or a CPE fault no task or preset
 * claims, stays until an operator clears it.
 */
export type FaultResolution =
  | { kind: 'task'; taskId: string; createdAt: string }
  | { kind: 'converged' };

/** The open faults (of one device) that `resolution` ends. */
export function resolvedFaults(
  resolution: FaultResolution,
  open: readonly DeviceFault[],
): DeviceFault[] {
  const owned = open.filter((fault) =>
    resolution.kind === 'task'
      ? fault.source === taskFaultSource(resolution.taskId)
      : faultSourceKind(fault.source) === 'provisioning',
  );
  if (owned.length === 0) return [];
  const codes = new Set(owned.map((fault) => fault.code));
  const since = resolution.kind === 'task' ? resolution.createdAt : '';
  const answers = open.filter(
    (fault) =>
      faultSourceKind(fault.source) === 'rpc' && codes.has(fault.code) && fault.occurredAt >= since,
  );
  return [...owned, ...answers];
}
