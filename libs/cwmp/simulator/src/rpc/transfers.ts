import type {
  CancelTransfer,
  ChangeDUState,
  Download,
  GetAllQueuedTransfers,
  GetQueuedTransfers,
  ScheduleDownload,
  Upload,
} from '@acs/cwmp-codec';
import type { CpeResponse } from '@acs/cwmp-codec';
import { DeviceState, QueuedTransfer } from '../model/device-state';
import { answer, fault, RpcOutcome } from './outcome';

/** Transfers a CPE holds at once before it answers 9004 (TR-069 requires at least 16). */
export const MAX_QUEUED_TRANSFERS = 16;

function checkUrl(url: string): number {
  try {
    const protocol = new URL(url).protocol;
    return protocol === 'http:' || protocol === 'https:' ? 0 : 9013;
  } catch {
    return 9003;
  }
}

/** The fields Download, ScheduleDownload and Upload share, as the queued transfer keeps them. */
function transferTarget(
  request: Download | ScheduleDownload | Upload,
): Pick<QueuedTransfer, 'commandKey' | 'fileType' | 'url' | 'username' | 'password'> {
  const { commandKey, fileType, url, username, password } = request;
  return { commandKey, fileType, url, username, password };
}

function enqueue(state: DeviceState, transfer: QueuedTransfer, reply: CpeResponse): RpcOutcome {
  const urlFault = checkUrl(transfer.url);
  if (urlFault !== 0) return fault(state, urlFault);
  if (state.queuedTransfers.length >= MAX_QUEUED_TRANSFERS) return fault(state, 9004);
  return answer({ ...state, queuedTransfers: [...state.queuedTransfers, transfer] }, reply, [
    { kind: 'transfer', commandKey: transfer.commandKey },
  ]);
}

/** Download: queued, fetched after DelaySeconds; Status 1 (a TransferComplete follows). */
export function download(state: DeviceState, request: Download): RpcOutcome {
  return enqueue(
    state,
    {
      kind: 'Download',
      ...transferTarget(request),
      fileSize: request.fileSize,
      targetFileName: request.targetFileName,
      delaySeconds: request.delaySeconds,
      state: 1,
    },
    { type: 'DownloadResponse', status: 1, startTime: null, completeTime: null },
  );
}

/** Upload: queued, PUTs a generated file after DelaySeconds; Status 1. */
export function upload(state: DeviceState, request: Upload): RpcOutcome {
  return enqueue(
    state,
    {
      kind: 'Upload',
      ...transferTarget(request),
      fileSize: 0,
      targetFileName: '',
      delaySeconds: request.delaySeconds,
      state: 1,
    },
    { type: 'UploadResponse', status: 1, startTime: null, completeTime: null },
  );
}

/**
 * ScheduleDownload: one or two windows (start before end, the second after the first); the
 * simulator downloads at the start of the first window.
 */
export function scheduleDownload(state: DeviceState, request: ScheduleDownload): RpcOutcome {
  const windows = request.timeWindows;
  const first = windows[0];
  if (!first || windows.length > 2) return fault(state, 9003, 'one or two time windows');
  const ordered = windows.every(
    (window, index) =>
      window.windowStart < window.windowEnd &&
      (index === 0 || window.windowStart >= (windows[index - 1]?.windowEnd ?? 0)),
  );
  if (!ordered) return fault(state, 9003, 'time windows out of order');
  return enqueue(
    state,
    {
      kind: 'ScheduleDownload',
      ...transferTarget(request),
      fileSize: request.fileSize,
      targetFileName: request.targetFileName,
      delaySeconds: first.windowStart,
      state: 1,
    },
    { type: 'ScheduleDownloadResponse' },
  );
}

export function getQueuedTransfers(state: DeviceState, _request: GetQueuedTransfers): RpcOutcome {
  return answer(state, {
    type: 'GetQueuedTransfersResponse',
    transfers: state.queuedTransfers
      .filter((transfer) => transfer.kind !== 'Upload')
      .map((transfer) => ({ commandKey: transfer.commandKey, state: transfer.state })),
  });
}

export function getAllQueuedTransfers(
  state: DeviceState,
  _request: GetAllQueuedTransfers,
): RpcOutcome {
  return answer(state, {
    type: 'GetAllQueuedTransfersResponse',
    transfers: state.queuedTransfers.map((transfer) => ({
      commandKey: transfer.commandKey,
      state: transfer.state,
      isDownload: transfer.kind !== 'Upload',
      fileType: transfer.fileType,
      fileSize: transfer.fileSize,
      targetFileName: transfer.targetFileName,
    })),
  });
}

/** CancelTransfer: only a transfer not yet started may go (9021 otherwise or when unknown). */
export function cancelTransfer(state: DeviceState, request: CancelTransfer): RpcOutcome {
  const target = state.queuedTransfers.find(
    (transfer) => transfer.commandKey === request.commandKey,
  );
  if (!target || target.state !== 1) return fault(state, 9021);
  return answer(
    { ...state, queuedTransfers: state.queuedTransfers.filter((transfer) => transfer !== target) },
    { type: 'CancelTransferResponse' },
  );
}

/** ChangeDUState: accepted at once, performed after the session, reported by DUStateChangeComplete. */
export function changeDuState(state: DeviceState, request: ChangeDUState): RpcOutcome {
  if (request.operations.length === 0) return fault(state, 9003, 'no operations');
  return answer(state, { type: 'ChangeDUStateResponse' }, [{ kind: 'changeDuState', request }]);
}
