import type { ChangeDUState, OpResult, TransferFault } from '@acs/cwmp-codec';
import { DeviceState, withEvent } from '../model/device-state';

export interface TransferResult {
  fault: TransferFault;
  startTime: string;
  completeTime: string;
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

/**
 * A transfer finished: it leaves the queue, and the device owes a TransferComplete with
 * `7 TRANSFER COMPLETE` and `M Download` (or `M ScheduleDownload`, `M Upload`) in its next session.
 * A firmware image that downloaded well is "installed": the device reboots into the version its
 * file name carries (`firmware-2.1.0.bin` → `2.1.0`), so the next Inform also says `1 BOOT`.
 */
export function completeTransfer(
  state: DeviceState,
  commandKey: string,
  result: TransferResult,
): DeviceState {
  const transfer = state.queuedTransfers.find((queued) => queued.commandKey === commandKey);
  if (!transfer) return state;
  let next: DeviceState = {
    ...state,
    queuedTransfers: state.queuedTransfers.filter((queued) => queued !== transfer),
    owedRequests: [
      ...state.owedRequests,
      {
        type: 'TransferComplete',
        commandKey,
        fault: result.fault,
        startTime: result.startTime,
        completeTime: result.completeTime,
      },
    ],
  };
  next = withEvent(next, '7 TRANSFER COMPLETE');
  next = withEvent(next, EVENT_OF_KIND[transfer.kind], commandKey);
  const firmware = transfer.kind !== 'Upload' && transfer.fileType.startsWith('1 ');
  if (firmware && result.fault.faultCode === 0) {
    const version = /(\d+\.\d+(?:\.\d+)*)/.exec(
      new URL(transfer.url).pathname.split('/').pop() ?? '',
    )?.[1];
    if (version) {
      const values = new Map(next.values);
      values.set(next.profile.paths.softwareVersion, version);
      next = { ...next, values };
    }
    next = withEvent(next, '1 BOOT');
  }
  return next;
}

/** The device finished a ChangeDUState: it owes a DUStateChangeComplete. */
export function completeDuChange(
  state: DeviceState,
  request: ChangeDUState,
  results: OpResult[],
  deploymentUnits: DeviceState['deploymentUnits'],
): DeviceState {
  const next: DeviceState = {
    ...state,
    deploymentUnits,
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
