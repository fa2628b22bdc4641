import { sameVersion } from '../versions/compare-versions';
import type { DeviceProgress, DeviceRunState, DeviceSignal } from './device-progress';

/**
 * Rolling a campaign's devices back to what they ran before it, on an operator's word (a paused
 * campaign). A dual-bank device (TR-181 Device.DeviceInfo.FirmwareImage.{i}) still holds its
 * previous image: BootFirmwareImage is pointed at that bank and the device rebooted. Any other
 * device gets a Download of the library's image of its previous version. Either way the verdict
 * is the version the device comes back with.
 */

/** Which devices an operator rolls back: those that failed in the campaign, or every one it touched. */
export type RollbackScope = 'failed' | 'all';
export type RollbackMethod = 'bank-switch' | 'downgrade';

export const ROLLBACK_STATES = [
  'rollback-pending',
  'rollback-reading',
  'rolling-back',
  'rolled-back',
  'rollback-failed',
] as const satisfies readonly DeviceRunState[];

/** A task of the rollback is out: the device is waited for (its events are read, it may time out). */
export const ROLLBACK_IN_FLIGHT_STATES: readonly DeviceRunState[] = [
  'rollback-reading',
  'rolling-back',
];

// 'all': every device the rollout got past `scheduled` (its Download reached it); 'failed': those
// with a verdict of failure. Pending and scheduled devices never changed: nothing to undo.
const SELECTED: Record<RollbackScope, readonly DeviceRunState[]> = {
  failed: ['failed'],
  all: ['downloading', 'transferred', 'confirmed', 'failed'],
};

/** The states a rollback of this scope takes devices from. */
export function rollbackCandidateStates(scope: RollbackScope): readonly DeviceRunState[] {
  return SELECTED[scope];
}

export interface RollbackFailure {
  /** A CWMP fault code (`9007`) or the platform's word (`no-previous-image`, `wrong-version`). */
  readonly code: string;
  readonly message: string;
}

export interface RollbackProgress {
  readonly scope: RollbackScope;
  readonly requestedAt: string;
  readonly note?: string;
  /** The device's state in the rollout when the rollback was asked for. */
  readonly from: DeviceRunState;
  /** The version the device goes back to: what it ran when the campaign was made. */
  readonly toVersion?: string;
  /** When its first task was queued; the rollback times out from here. */
  readonly startedAt?: string;
  readonly method?: RollbackMethod;
  /** bank-switch: the FirmwareImage row booted (`Device.DeviceInfo.FirmwareImage.1`). */
  readonly bank?: string;
  /** downgrade: the library's image of the previous version. */
  readonly imageId?: string;
  /** downgrade: the Download's CommandKey. */
  readonly commandKey?: string;
  /** What the device ran when the rollback was routed, when it told (its Active bank). */
  readonly fromVersion?: string;
  /** Provisioning's tasks of the rollback: the bank read, then the set and the reboot, or the Download. */
  readonly taskIds?: readonly string[];
  readonly finishedAt?: string;
  readonly failure?: RollbackFailure;
}

/** A device with a rollback under way or ended. */
export type RollingDevice = DeviceProgress & { readonly rollback: RollbackProgress };

export interface RollbackRequest {
  readonly scope: RollbackScope;
  readonly at: Date;
  readonly note?: string;
}

/**
 * The device once an operator asked for its rollback: pending (the engine reads its banks on its
 * next turn), or failed at once when the campaign never learnt what it ran before.
 */
export function rollbackRequested(
  progress: DeviceProgress,
  toVersion: string | undefined,
  request: RollbackRequest,
): DeviceProgress {
  const at = request.at.toISOString();
  const rollback: RollbackProgress = {
    scope: request.scope,
    requestedAt: at,
    from: progress.state,
    ...(request.note === undefined ? {} : { note: request.note }),
    ...(toVersion === undefined ? {} : { toVersion }),
  };
  if (toVersion === undefined)
    return {
      ...progress,
      state: 'rollback-failed',
      rollback: {
        ...rollback,
        finishedAt: at,
        failure: {
          code: 'unknown-previous-version',
          message: 'the campaign did not learn which version the device ran before it',
        },
      },
    };
  return { ...progress, state: 'rollback-pending', rollback };
}

/**
 * The engine takes the device for the read of its banks (claimed before the task is queued, so
 * that two instances never read twice; the rollback times out from here).
 */
export function rollbackReading(device: RollingDevice, now: Date): RollingDevice {
  return {
    ...device,
    state: 'rollback-reading',
    rollback: { ...device.rollback, startedAt: now.toISOString() },
  };
}

/** The rollback's tasks, as provisioning named them once queued: its events are matched by them. */
export function withRollbackTasks(
  device: RollingDevice,
  taskIds: readonly string[],
): RollingDevice {
  return {
    ...device,
    rollback: { ...device.rollback, taskIds: [...(device.rollback.taskIds ?? []), ...taskIds] },
  };
}

export const FIRMWARE_IMAGE_TABLE = 'Device.DeviceInfo.FirmwareImage.';
export const BOOT_FIRMWARE_IMAGE = 'Device.DeviceInfo.BootFirmwareImage';

/** A value as a GetParameterValues task's result lists it. */
export interface ReadValue {
  readonly name: string;
  readonly value: unknown;
}

export type RollbackRoute =
  | { readonly method: 'bank-switch'; readonly bank: string; readonly fromVersion?: string }
  | { readonly method: 'downgrade'; readonly fromVersion?: string };

// A bank a device can start from: TR-181 lets BootFirmwareImage name only an Available image, and
// a bank whose image is missing, broken or half-written would not start.
const BOOTABLE_STATUSES = new Set(['Available', 'Active']);

/**
 * How to bring the device back to `toVersion`, from what it answered for FirmwareImage.: the bank
 * that holds that version and can boot, else a downgrade (one bank, or the old image overwritten).
 */
export function rollbackRoute(values: readonly ReadValue[], toVersion: string): RollbackRoute {
  const rows = new Map<string, Map<string, unknown>>();
  for (const { name, value } of values) {
    if (!name.startsWith(FIRMWARE_IMAGE_TABLE)) continue;
    const match = /^(\d+)\.([A-Za-z]+)$/.exec(name.slice(FIRMWARE_IMAGE_TABLE.length));
    if (!match?.[1] || !match[2]) continue;
    const row = rows.get(match[1]) ?? new Map<string, unknown>();
    row.set(match[2], value);
    rows.set(match[1], row);
  }
  const active = [...rows.values()].find((row) => row.get('Status') === 'Active');
  const running = active?.get('Version');
  const fromVersion = typeof running === 'string' && running !== '' ? { fromVersion: running } : {};
  const instances = [...rows.keys()].sort((a, b) => Number(a) - Number(b));
  for (const instance of instances) {
    const row = rows.get(instance);
    const version = row?.get('Version');
    if (typeof version !== 'string' || !sameVersion(version, toVersion)) continue;
    const status = row?.get('Status');
    if (status !== undefined && !BOOTABLE_STATUSES.has(String(status))) continue;
    if (row?.get('Available') === false || row?.get('Available') === 'false') continue;
    return { method: 'bank-switch', bank: `${FIRMWARE_IMAGE_TABLE}${instance}`, ...fromVersion };
  }
  return { method: 'downgrade', ...fromVersion };
}

/**
 * Whether a fault to the bank read says the device has no FirmwareImage table (9005, invalid
 * parameter name: a TR-098 device, or a TR-181 one without banks): then it is a downgrade.
 */
export function readFaultMeansNoBanks(code: string): boolean {
  return code === '9005';
}

/** The rollback routed (claimed before its tasks are queued: the bank set and reboot, or the Download). */
export function rollbackRouted(
  device: RollingDevice,
  route:
    | { readonly method: 'bank-switch'; readonly bank: string }
    | { readonly method: 'downgrade'; readonly imageId: string; readonly commandKey: string },
  fromVersion: string | undefined,
): RollingDevice {
  const { method } = route;
  return {
    ...device,
    state: 'rolling-back',
    rollback: {
      ...device.rollback,
      method,
      ...(route.method === 'bank-switch'
        ? { bank: route.bank }
        : { imageId: route.imageId, commandKey: route.commandKey }),
      ...(fromVersion === undefined ? {} : { fromVersion }),
    },
  };
}

/** The rollback ended without bringing the device back. */
export function rollbackFailed(
  device: RollingDevice,
  failure: RollbackFailure,
  now: Date,
  method?: RollbackMethod,
): RollingDevice {
  return {
    ...device,
    state: 'rollback-failed',
    rollback: {
      ...device.rollback,
      ...(method === undefined ? {} : { method }),
      finishedAt: now.toISOString(),
      failure,
    },
  };
}

/**
 * The device's rollback after a signal of its tasks or its boot, or null when the signal says
 * nothing new (the set's or reboot's success, a redelivered event, a boot before the reboot).
 * The bank read's answer is not a signal here: routing it needs the library (see the use case).
 */
export function rollbackAfter(
  device: RollingDevice,
  signal: DeviceSignal,
  now: Date,
): RollingDevice | null {
  const { state, rollback } = device;
  if (state !== 'rollback-reading' && state !== 'rolling-back') return null;
  const fail = (code: string, message: string) => rollbackFailed(device, { code, message }, now);
  switch (signal.kind) {
    case 'download-accepted':
      return null;
    case 'transfer-complete':
      if (state !== 'rolling-back' || signal.faultCode === 0) return null;
      return fail(String(signal.faultCode), signal.faultString || `fault ${signal.faultCode}`);
    case 'task-failed':
      return fail(signal.code, signal.message);
    case 'task-expired':
      return fail('task-expired', 'the device did not come for a rollback task before it expired');
    case 'timed-out':
      return fail(
        state === 'rollback-reading' ? 'no-answer' : 'no-return',
        state === 'rollback-reading'
          ? 'the device did not answer the read of its firmware banks in time'
          : 'the device did not come back with the previous version in time',
      );
    case 'version-reported': {
      if (state !== 'rolling-back' || rollback.toVersion === undefined) return null;
      if (sameVersion(signal.version, rollback.toVersion))
        return {
          ...device,
          state: 'rolled-back',
          rollback: { ...rollback, finishedAt: now.toISOString() },
        };
      // Only the boot the rollback caused is its verdict: the reboot task's (M Reboot), or the
      // one the downgrade's transfer ended with.
      const ours =
        signal.boot &&
        (rollback.method === 'bank-switch'
          ? signal.afterReboot === true
          : signal.afterTransfer === true);
      if (!ours) return null;
      return fail(
        'wrong-version',
        `the device came back running ${signal.version}, not ${rollback.toVersion}`,
      );
    }
  }
}
