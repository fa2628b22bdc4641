import type { AcsRequest } from '@acs/cwmp-codec';
import { DeviceState } from '../model/device-state';
import { getParameterAttributes, setParameterAttributes } from './attributes';
import { factoryReset, getRpcMethods, reboot, scheduleInform } from './control';
import { addObject, deleteObject } from './objects';
import { fault, RpcOutcome } from './outcome';
import { getParameterNames, getParameterValues, setParameterValues } from './parameters';
import {
  cancelTransfer,
  changeDuState,
  download,
  getAllQueuedTransfers,
  getQueuedTransfers,
  scheduleDownload,
  upload,
} from './transfers';

/**
 * Answers one ACS request as a pure function of the device state: the new state, the response or
 * fault, and the work left for after the session. Methods the device does not know get 9000.
 */
export function handleRpc(state: DeviceState, request: AcsRequest | { type: string }): RpcOutcome {
  const known = request as AcsRequest;
  switch (known.type) {
    case 'GetRPCMethods':
      return getRpcMethods(state, known);
    case 'GetParameterNames':
      return getParameterNames(state, known);
    case 'GetParameterValues':
      return getParameterValues(state, known);
    case 'SetParameterValues':
      return setParameterValues(state, known);
    case 'GetParameterAttributes':
      return getParameterAttributes(state, known);
    case 'SetParameterAttributes':
      return setParameterAttributes(state, known);
    case 'AddObject':
      return addObject(state, known);
    case 'DeleteObject':
      return deleteObject(state, known);
    case 'Reboot':
      return reboot(state, known);
    case 'FactoryReset':
      return factoryReset(state, known);
    case 'Download':
      return download(state, known);
    case 'Upload':
      return upload(state, known);
    case 'ScheduleInform':
      return scheduleInform(state, known);
    case 'ScheduleDownload':
      return scheduleDownload(state, known);
    case 'CancelTransfer':
      return cancelTransfer(state, known);
    case 'GetQueuedTransfers':
      return getQueuedTransfers(state, known);
    case 'GetAllQueuedTransfers':
      return getAllQueuedTransfers(state, known);
    case 'ChangeDUState':
      return changeDuState(state, known);
    default:
      return fault(state, 9000, `Method not supported: ${request.type}`);
  }
}
