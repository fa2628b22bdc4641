import { sameVersion } from '../versions/compare-versions';
import type { CampaignPlan, FailureKind } from './campaign-plan';
import type { RollbackProgress } from './rollback';

/**
 * A device's way through a campaign: pending → scheduled (its Download task queued) →
 * downloading (the CPE took the Download) → transferred (TransferComplete without a fault) →
 * confirmed (it came back running the image's version); or failed, with the fault; or excluded
 * (taken out by an operator, or not applicable when the campaign was made). An operator may then
 * roll a device back (see rollback.ts): rollback-pending → rollback-reading (its firmware banks
 * read) → rolling-back (the previous bank booted, or the previous image downloaded) → rolled-back
 * (it came back running what it ran before the campaign), or rollback-failed.
 */
export const DEVICE_RUN_STATES = [
  'pending',
  'scheduled',
  'downloading',
  'transferred',
  'confirmed',
  'failed',
  'excluded',
  'rollback-pending',
  'rollback-reading',
  'rolling-back',
  'rolled-back',
  'rollback-failed',
] as const;
export type DeviceRunState = (typeof DEVICE_RUN_STATES)[number];

export const IN_FLIGHT_STATES: readonly DeviceRunState[] = [
  'scheduled',
  'downloading',
  'transferred',
];
export const FINISHED_STATES: readonly DeviceRunState[] = ['confirmed', 'failed', 'excluded'];
/** Devices the rollout is done with: finished, or taken back by a rollback (whatever its end). */
export const OUT_OF_ROLLOUT_STATES: readonly DeviceRunState[] = [
  ...FINISHED_STATES,
  'rollback-pending',
  'rollback-reading',
  'rolling-back',
  'rolled-back',
  'rollback-failed',
];

export interface DeviceFailure {
  readonly kind: FailureKind;
  /** A CWMP fault code (`9010`) or the platform's word for what happened (`no-transfer-complete`). */
  readonly code: string;
  readonly message: string;
}

export interface DeviceProgress {
  readonly state: DeviceRunState;
  /** Downloads handed to provisioning so far. */
  readonly attempts: number;
  /** When the current attempt started (its Download task was queued). */
  readonly startedAt?: string;
  /** A pending device after a failure that may pass: not before this. */
  readonly retryAt?: string;
  /** The final failure of a failed device, or the last one a retry follows. */
  readonly failure?: DeviceFailure;
  /** A rollback an operator asked for, and how far it got (the rollout's fields stay as they were). */
  readonly rollback?: RollbackProgress;
}

export type DeviceSignal =
  /** The CPE answered the Download (it will report with TransferComplete). */
  | { readonly kind: 'download-accepted' }
  | { readonly kind: 'transfer-complete'; readonly faultCode: number; readonly faultString: string }
  /** Provisioning gave the Download task up (a fault to the RPC, or attempts exhausted). */
  | { readonly kind: 'task-failed'; readonly code: string; readonly message: string }
  /** The task expired before the device came for it. */
  | { readonly kind: 'task-expired' }
  /**
   * The device reported its SoftwareVersion: in an Inform after a boot (`boot`), or as a change.
   * `afterTransfer`: that boot Inform also said the transfer ended (7 TRANSFER COMPLETE or
   * M Download), so it is the boot that should have brought the new version.
   */
  | {
      readonly kind: 'version-reported';
      readonly version: string;
      readonly boot: boolean;
      readonly afterTransfer?: boolean;
      /** That boot Inform said a Reboot RPC caused it (M Reboot): a rollback's bank switch. */
      readonly afterReboot?: boolean;
    }
  /** The confirmation timeout passed. */
  | { readonly kind: 'timed-out' };

export interface ProgressContext {
  readonly targetVersion: string;
  readonly plan: Pick<CampaignPlan, 'retries' | 'confirmByVersionOnly'>;
  readonly now: Date;
}

// TR-069's download faults that a second try can get past: the file server unreachable or slow,
// an internal error, a window missed. 9018 (corrupt) and 9019 (authentication) come back again.
const RETRYABLE_FAULTS = new Set(['9002', '9010', '9014', '9015', '9016', '9017', '9020']);
const RETRYABLE_OUTCOMES = new Set(['session-ended', 'task-expired', 'not-reached']);

export function retryable(failure: DeviceFailure): boolean {
  return RETRYABLE_FAULTS.has(failure.code) || RETRYABLE_OUTCOMES.has(failure.code);
}

/**
 * The device's progress after a signal, or null when the signal says nothing new in its state
 * (a redelivered event, a boot unrelated to the campaign): the caller then changes nothing.
 */
export function progressAfter(
  progress: DeviceProgress,
  signal: DeviceSignal,
  context: ProgressContext,
): DeviceProgress | null {
  const { state } = progress;
  const inFlight = IN_FLIGHT_STATES.includes(state);
  switch (signal.kind) {
    case 'download-accepted':
      return state === 'scheduled' ? { ...progress, state: 'downloading' } : null;
    case 'transfer-complete':
      if (state !== 'scheduled' && state !== 'downloading') return null;
      if (signal.faultCode === 0) return { ...progress, state: 'transferred' };
      return failed(progress, context, {
        kind: 'confirmed',
        code: String(signal.faultCode),
        message: signal.faultString || `fault ${signal.faultCode}`,
      });
    case 'task-failed':
      if (state !== 'scheduled' && state !== 'downloading') return null;
      return failed(progress, context, {
        kind: 'confirmed',
        code: signal.code,
        message: signal.message,
      });
    case 'task-expired':
      if (state !== 'scheduled') return null;
      return failed(progress, context, {
        kind: 'unconfirmed',
        code: 'task-expired',
        message: 'the device did not come for its Download before the task expired',
      });
    case 'version-reported':
      return versionReported(progress, signal, context);
    case 'timed-out':
      if (!inFlight) return null;
      return failed(progress, context, {
        kind: 'unconfirmed',
        code: state === 'transferred' ? 'no-return' : 'no-transfer-complete',
        message:
          state === 'transferred'
            ? 'the device did not come back with the new version in time'
            : state === 'scheduled'
              ? 'the device did not take its Download in time'
              : 'the device sent no TransferComplete in time',
      });
  }
}

function versionReported(
  progress: DeviceProgress,
  signal: { readonly version: string; readonly boot: boolean; readonly afterTransfer?: boolean },
  context: ProgressContext,
): DeviceProgress | null {
  const { state } = progress;
  if (!IN_FLIGHT_STATES.includes(state)) return null;
  // The new version confirms even before a TransferComplete that the same session may bring.
  if (sameVersion(signal.version, context.targetVersion)) {
    if (state === 'scheduled' && !signal.boot) return null;
    return { state: 'confirmed', attempts: progress.attempts, ...startedOf(progress) };
  }
  // Its TransferComplete may come after this Inform in the same session: the Inform's own event
  // codes say whether this is the boot the transfer ended with.
  const cameBackOld =
    signal.boot &&
    (state === 'transferred' ||
      (signal.afterTransfer === true && state !== 'scheduled') ||
      (state === 'downloading' && context.plan.confirmByVersionOnly));
  if (!cameBackOld) return null;
  return failed(progress, context, {
    kind: 'confirmed',
    code: 'version-unchanged',
    message: `the device came back running ${signal.version}, not ${context.targetVersion}`,
  });
}

function startedOf(progress: DeviceProgress): { startedAt?: string } {
  return progress.startedAt === undefined ? {} : { startedAt: progress.startedAt };
}

/** A failure ends the device's run, or sends it back to pending for another try, backing off. */
function failed(
  progress: DeviceProgress,
  context: ProgressContext,
  failure: DeviceFailure,
): DeviceProgress {
  const { retries } = context.plan;
  if (retryable(failure) && progress.attempts <= retries.max) {
    const delay = retries.backoffSeconds * 2 ** Math.max(0, progress.attempts - 1) * 1000;
    return {
      state: 'pending',
      attempts: progress.attempts,
      retryAt: new Date(context.now.getTime() + delay).toISOString(),
      failure,
    };
  }
  return { state: 'failed', attempts: progress.attempts, ...startedOf(progress), failure };
}
