import type { CommandError } from '@acs/contracts';
import { isProvisioningFailure, type RecordPosition } from '@acs/provisioning-use-cases';

/** How executing a command ended; a failure changed nothing stored. */
export type ExecutionOutcome =
  | { status: 'succeeded'; result: Record<string, unknown> }
  | { status: 'failed'; error: CommandError; result?: Record<string, unknown> };

export function failed(
  code: CommandError['code'],
  message: string,
  result?: Record<string, unknown>,
): ExecutionOutcome {
  return { status: 'failed', error: { code, message }, ...(result ? { result } : {}) };
}

/** A record of a `loadSubscribers` command's `records` (or the one an `applyProfile` writes). */
const recordPath = ({ index, field }: RecordPosition) => `records[${index}].${field}`;

/**
 * The one place the provisioning use cases' refusals become command results (the operator API
 * maps the same errors to HTTP statuses in its own one place). Null for anything else: an error
 * the platform does not expect, which the executor records as `internal-error`. A process
 * without connection requests is such a one here: the command service always sends them.
 */
export function commandFailureOf(error: unknown): ExecutionOutcome | null {
  if (!isProvisioningFailure(error)) return null;
  switch (error.code) {
    case 'device-not-found':
      return failed('device-not-found', error.message, { missing: [...error.missing] });
    case 'configuration-not-found':
      return failed(
        'configuration-not-found',
        error.record ? `${recordPath(error.record)}: ${error.message}` : error.message,
      );
    case 'invalid-subscriber-record':
      return failed('invalid-subscriber-records', `${recordPath(error.record)}: ${error.detail}`);
    case 'tag-change-refused':
      return failed('invalid-tags', error.message);
    case 'diagnostic-unsupported':
      return failed('diagnostic-unsupported', error.message);
    case 'invalid-diagnostic-inputs':
      return failed('invalid-diagnostic-inputs', error.message, { problems: [...error.problems] });
    case 'connection-requests-unavailable':
    case 'diagnostic-run-not-found': // no command names a run
      return null;
  }
}
