import type { ChangeDUState, OpResult, TransferFault } from '@acs/cwmp-codec';
import { DeviceState, mapWith, QueuedTransfer, withEvent } from '../model/device-state';
import { instancesOf, resolve } from '../model/tree';
import { installFirmware, InstalledImage } from '../firmware/banks';
import { applyConfiguration, ConfigurationFile } from '../firmware/config-file';
import { versionFromFileName } from '../firmware/image';

export interface TransferResult {
  fault: TransferFault;
  startTime: string;
  completeTime: string;
  /** The firmware image's version as read from its header; without it, the URL's file name. */
  image?: InstalledImage;
  /** The new firmware does not start: the device reboots into the old version. */
  bootFails?: boolean;
  /** What a `3 Vendor Configuration File` download held, to put back. */
  configuration?: ConfigurationFile;
  /**
   * How the device reports: `normal`; `empty-command-key` (TransferComplete and `M Download` with
   * an empty CommandKey, a quirk seen in the field); `none` (it never sends TransferComplete).
   */
  report?: 'normal' | 'empty-command-key' | 'none';
}

const EVENT_OF_KIND = {
  Download: 'M Download',
  ScheduleDownload: 'M ScheduleDownload',
  Upload: 'M Upload',
} as const;

/** Marks a queued transfer as started (State 2 in GetQueuedTransfers); it may not be cancelled now. */
export function startTransfer(state: DeviceState, commandKey: string): DeviceState {
  return {
    ...state,
    queuedTransfers: state.queuedTransfers.map((transfer) =>
      transfer.commandKey === commandKey && transfer.state === 1
        ? { ...transfer, state: 2 }
        : transfer,
    ),
  };
}

const isFirmware = (transfer: QueuedTransfer): boolean =>
  transfer.kind !== 'Upload' && transfer.fileType.startsWith('1 ');
const isConfiguration = (transfer: QueuedTransfer): boolean =>
  transfer.kind !== 'Upload' && transfer.fileType.startsWith('3 ');

/** Whether a finished transfer restarts the device: an installed image or an applied configuration. */
export function rebootsAfter(transfer: QueuedTransfer, fault: TransferFault): boolean {
  return fault.faultCode === 0 && (isFirmware(transfer) || isConfiguration(transfer));
}

/** The device drops a transfer without a word (a hung or forgetful CPE): no report, no reboot. */
export function forgetTransfer(state: DeviceState, commandKey: string): DeviceState {
  return {
    ...state,
    queuedTransfers: state.queuedTransfers.filter((queued) => queued.commandKey !== commandKey),
  };
}

/**
 * A transfer finished: it leaves the queue, and the device owes a TransferComplete with
 * `7 TRANSFER COMPLETE` and `M Download` (or `M ScheduleDownload`, `M Upload`) in its next session.
 * A firmware image that downloaded well is installed and booted (see installFirmware: `1 BOOT`,
 * the new SoftwareVersion unless it fails to start); a configuration file is applied and the
 * device restarts (`1 BOOT`).
 */
export function completeTransfer(
  state: DeviceState,
  commandKey: string,
  result: TransferResult,
): DeviceState {
  const transfer = state.queuedTransfers.find((queued) => queued.commandKey === commandKey);
  if (!transfer) return state;
  let next = forgetTransfer(state, commandKey);
  const report = result.report ?? 'normal';
  if (report !== 'none') {
    const reportedKey = report === 'empty-command-key' ? '' : commandKey;
    next = {
      ...next,
      owedRequests: [
        ...next.owedRequests,
        {
          type: 'TransferComplete',
          commandKey: reportedKey,
          fault: result.fault,
          startTime: result.startTime,
          completeTime: result.completeTime,
        },
      ],
    };
    next = withEvent(next, '7 TRANSFER COMPLETE');
    next = withEvent(next, EVENT_OF_KIND[transfer.kind], reportedKey);
  }
  if (!rebootsAfter(transfer, result.fault)) return next;
  if (isFirmware(transfer)) {
    const version = result.image?.version ?? versionFromFileName(transfer.url);
    if (version === undefined) return withEvent(next, '1 BOOT');
    const name = result.image?.name ?? fileNameOf(transfer);
    return installFirmware(next, { version, name }, result.bootFails !== true);
  }
  const restored = result.configuration ? applyConfiguration(next, result.configuration) : next;
  return withEvent(restored, '1 BOOT');
}

/** The name a file goes by on the device: TargetFileName, else the URL's last segment. */
export function fileNameOf(transfer: Pick<QueuedTransfer, 'url' | 'targetFileName'>): string {
  if (transfer.targetFileName) return transfer.targetFileName;
  try {
    return decodeURIComponent(new URL(transfer.url).pathname.split('/').pop() ?? '');
  } catch {
    return '';
  }
}

/** The device finished a ChangeDUState: it owes a DUStateChangeComplete. */
export function completeDuChange(
  state: DeviceState,
  request: ChangeDUState,
  results: OpResult[],
  deploymentUnits: DeviceState['deploymentUnits'],
): DeviceState {
  const next: DeviceState = {
    ...withDeploymentUnitTable(state, deploymentUnits),
    owedRequests: [
      ...state.owedRequests,
      { type: 'DUStateChangeComplete', results, commandKey: request.commandKey },
    ],
  };
  return withEvent(
    withEvent(next, '11 DU STATE CHANGE COMPLETE'),
    'M ChangeDUState',
    request.commandKey,
  );
}

/**
 * The units, and their rows in `<root>SoftwareModules.DeploymentUnit.` where the profile has the
 * table: a new unit takes the next instance number (never one used before), a removed unit's row
 * goes, and DeploymentUnitNumberOfEntries follows.
 */
function withDeploymentUnitTable(
  state: DeviceState,
  units: DeviceState['deploymentUnits'],
): DeviceState {
  const root = `${state.profile.paths.parameterKey.split('.')[0]}.`;
  const table = `${root}SoftwareModules.DeploymentUnit.`;
  if (resolve(state, table)?.entry.role !== 'table') return { ...state, deploymentUnits: units };
  let nextNumber = state.nextInstance.get(table) ?? Math.max(0, ...instancesOf(state, table)) + 1;
  const numbered = units.map((unit) =>
    unit.instance === undefined ? { ...unit, instance: nextNumber++ } : unit,
  );
  const values = new Map([...state.values].filter(([path]) => !path.startsWith(table)));
  for (const unit of numbered) {
    const row = `${table}${unit.instance}.`;
    values.set(`${row}UUID`, unit.uuid);
    values.set(`${row}URL`, unit.url);
    values.set(`${row}Version`, unit.version);
    values.set(`${row}Name`, fileNameOf({ url: unit.url, targetFileName: '' }));
    values.set(`${row}Status`, 'Installed');
  }
  values.set(`${root}SoftwareModules.DeploymentUnitNumberOfEntries`, numbered.length);
  return {
    ...state,
    deploymentUnits: numbered,
    values,
    instances: mapWith(
      state.instances,
      table,
      numbered.map((unit) => unit.instance as number),
    ),
    nextInstance: mapWith(state.nextInstance, table, nextNumber),
  };
}

/**
 * Applies ChangeDUState operations to the device's deployment units (fetching is the caller's
 * job: `fetched(url)` says whether the package could be downloaded).
 */
export function applyDuOperations(
  state: DeviceState,
  request: ChangeDUState,
  fetched: (url: string) => boolean,
  now: string,
): { results: OpResult[]; units: DeviceState['deploymentUnits'] } {
  let units = [...state.deploymentUnits];
  const results: OpResult[] = [];
  const ok = (uuid: string, version: string, currentState: string): OpResult => ({
    uuid,
    deploymentUnitRef: '',
    version,
    currentState,
    resolved: true,
    executionUnitRefList: '',
    startTime: now,
    completeTime: now,
    fault: { faultCode: 0, faultString: '' },
  });
  const failed = (uuid: string, faultCode: number, faultString: string): OpResult => ({
    ...ok(uuid, '', 'Failed'),
    resolved: false,
    fault: { faultCode, faultString },
  });
  for (const operation of request.operations) {
    if (operation.operation === 'Install') {
      const uuid =
        operation.uuid || `00000000-0000-4000-8000-${String(units.length + 1).padStart(12, '0')}`;
      if (units.some((unit) => unit.uuid === uuid))
        results.push(failed(uuid, 9026, 'Duplicate Deployment Unit'));
      else if (!fetched(operation.url))
        results.push(failed(uuid, 9017, 'Unable to complete download'));
      else {
        units = [...units, { uuid, url: operation.url, version: '1.0' }];
        results.push(ok(uuid, '1.0', 'Installed'));
      }
    } else if (operation.operation === 'Update') {
      const unit = units.find((candidate) => candidate.uuid === operation.uuid);
      if (!unit) results.push(failed(operation.uuid ?? '', 9028, 'Unknown Deployment Unit'));
      else {
        const version = operation.version || `${unit.version}.1`;
        units = units.map((candidate) => (candidate === unit ? { ...unit, version } : candidate));
        results.push(ok(unit.uuid, version, 'Installed'));
      }
    } else {
      const unit = units.find((candidate) => candidate.uuid === operation.uuid);
      if (!unit) results.push(failed(operation.uuid, 9028, 'Unknown Deployment Unit'));
      else {
        units = units.filter((candidate) => candidate !== unit);
        results.push(ok(unit.uuid, unit.version, 'Uninstalled'));
      }
    }
  }
  return { results, units };
}
