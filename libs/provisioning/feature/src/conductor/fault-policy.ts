import type { Fault } from '@acs/cwmp-codec';
import type { TaskFault } from '@acs/contracts';

/**
 * CPE faults that a retry cannot cure: the request itself is wrong for this device (invalid
 * arguments, unknown parameter, wrong type or value, read-only parameter, unsupported method).
 * Everything else (internal error, resources exceeded, download failures, a session that ended
 * before the answer) is retried with backoff.
 */
const PERMANENT_CPE_FAULTS = new Set([9000, 9003, 9005, 9006, 9007, 9008]);

export function isRetryable(fault: TaskFault): boolean {
  return !PERMANENT_CPE_FAULTS.has(Number(fault.code));
}

/** A CPE fault as a task records it, with the per-parameter faults of an SPV when given. */
export function taskFaultOf(fault: Fault): TaskFault {
  const detail = fault.setParameterValuesFaults.length
    ? { parameters: fault.setParameterValuesFaults }
    : undefined;
  return {
    code: String(fault.faultCode),
    message: fault.faultString,
    ...(detail ? { detail } : {}),
  };
}
