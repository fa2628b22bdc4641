import { standardFaultString } from '@acs/cwmp-codec';
import type { TransferFault } from '@acs/cwmp-codec';
import { QueuedTransfer } from '../model/device-state';
import { TlsOptions } from '../cpe-session/transport';
import { fileNameOf, TransferResult } from '../rpc/completion';
import { parseConfigurationFile } from '../firmware/config-file';
import { faultCodeOf, FirmwareFailure, firmwareFailureFor } from '../firmware/failures';
import { FirmwareHeader, parseFirmwareHead, versionFromFileName } from '../firmware/image';
import { fetchFile } from './file-transfer';

/** A configuration file larger than this is not one of ours: 9018 (and it is never held whole). */
export const MAX_CONFIGURATION_BYTES = 1024 * 1024;

/** What the device knows about itself when a download runs. */
export interface DownloadContext {
  serial: string;
  productClass: string;
  hardwareVersion: string;
  failures: readonly FirmwareFailure[];
  /** The quirk: every TransferComplete goes out with an empty CommandKey. */
  emptyCommandKey: boolean;
  timeoutMs: number;
  tls?: TlsOptions;
}

/** How a download ends: reported (with what to install), or forgotten without a word. */
export type DownloadEnd =
  | { kind: 'report'; result: Omit<TransferResult, 'startTime' | 'completeTime'> }
  | { kind: 'forget' };

/** What the image's first bytes say: its version, the failure rule it meets, or why it is unusable. */
interface Verdict {
  header?: FirmwareHeader;
  version?: string;
  rule?: FirmwareFailure;
  fault?: TransferFault;
}

const corrupted = (why: string): TransferFault => ({
  faultCode: 9018,
  faultString: `File corrupted or otherwise unusable: ${why}`,
});

function judgeHead(transfer: QueuedTransfer, head: Buffer, context: DownloadContext): Verdict {
  const parsed = parseFirmwareHead(head);
  if (parsed.kind === 'malformed') return { fault: corrupted(parsed.reason) };
  const header = parsed.kind === 'image' ? parsed.header : undefined;
  const version = header?.version ?? versionFromFileName(transfer.url);
  if (header?.hardware !== undefined && header.hardware !== context.hardwareVersion) {
    return {
      fault: corrupted(
        `image for hardware ${header.hardware}, device is ${context.hardwareVersion}`,
      ),
    };
  }
  const rule = firmwareFailureFor(context.failures, context, version);
  return {
    ...(header ? { header } : {}),
    ...(version ? { version } : {}),
    ...(rule ? { rule } : {}),
  };
}

/** Whether the device gives up as soon as it has read the head (saving the file server the rest). */
function stopsAtHead(verdict: Verdict): boolean {
  if (verdict.fault) return true;
  const mode = verdict.rule?.mode;
  if (mode === 'silent') return true;
  const code = mode === undefined ? undefined : faultCodeOf(mode);
  // 9018 is a check over the whole file: the device reads it all before it fails.
  return code !== undefined && code !== 9018;
}

function reportOf(
  verdict: Verdict | undefined,
  context: DownloadContext,
): DownloadEnd & { kind: 'report' } {
  const mode = verdict?.rule?.mode;
  const report =
    mode === 'no-transfer-complete'
      ? 'none'
      : mode === 'empty-command-key' || context.emptyCommandKey
        ? 'empty-command-key'
        : 'normal';
  return { kind: 'report', result: { fault: { faultCode: 0, faultString: '' }, report } };
}

/**
 * Runs a Download (or ScheduleDownload) as a CPE does: fetches the file (streamed), and for a
 * firmware image reads its header for the version (the URL's file name when it has none), checks
 * it fits this hardware and its announced size, and applies the failure rule the device meets;
 * a configuration file is read whole (it is small) to be applied.
 */
export async function performDownload(
  transfer: QueuedTransfer,
  context: DownloadContext,
): Promise<DownloadEnd> {
  const firmware = transfer.fileType.startsWith('1 ');
  const configuration = transfer.fileType.startsWith('3 ');
  let verdict: Verdict | undefined;
  const fetched = await fetchFile(transfer, {
    timeoutMs: context.timeoutMs,
    ...(context.tls ? { tls: context.tls } : {}),
    ...(configuration ? { keepBodyBytes: MAX_CONFIGURATION_BYTES } : {}),
    ...(firmware
      ? {
          onHead: (head: Buffer) => {
            verdict = judgeHead(transfer, head, context);
            return stopsAtHead(verdict) ? 'stop' : 'more';
          },
        }
      : {}),
  });
  const failed = (fault: TransferFault): DownloadEnd => {
    const end = reportOf(verdict, context);
    return { kind: 'report', result: { ...end.result, fault } };
  };
  if (fetched.fault.faultCode !== 0) return failed(fetched.fault);
  if (configuration) {
    const file = fetched.body ? parseConfigurationFile(fetched.body) : undefined;
    if (!file) return failed(corrupted('not a configuration file'));
    const end = reportOf(undefined, context);
    return { kind: 'report', result: { ...end.result, configuration: file } };
  }
  if (!firmware) return reportOf(undefined, context);

  // A file shorter than the head never triggered onHead: judge what came.
  verdict ??= judgeHead(transfer, fetched.head, context);
  if (verdict.fault) return failed(verdict.fault);
  const mode = verdict.rule?.mode;
  if (mode === 'silent') return { kind: 'forget' };
  const code = mode === undefined ? undefined : faultCodeOf(mode);
  if (code === 9018) return failed(corrupted('checksum mismatch'));
  if (code !== undefined)
    return failed({ faultCode: code, faultString: standardFaultString(code) });
  if (verdict.version === undefined)
    return failed(corrupted('no firmware header and no version in the file name'));
  const announced = verdict.header?.size;
  if (announced !== undefined && announced !== fetched.bytes)
    return failed(corrupted(`image announces ${announced} bytes, got ${fetched.bytes}`));
  const end = reportOf(verdict, context);
  return {
    kind: 'report',
    result: {
      ...end.result,
      image: { version: verdict.version, name: fileNameOf(transfer) },
      bootFails: mode === 'old-version-after-reboot',
    },
  };
}
