import type { TransferFault } from '@acs/cwmp-codec';
import { QueuedTransfer } from '../model/device-state';
import { request, TlsOptions, TransportError } from '../cpe-session/transport';

const NO_FAULT: TransferFault = { faultCode: 0, faultString: '' };

function authorization(transfer: QueuedTransfer): Record<string, string> {
  if (!transfer.username) return {};
  return {
    Authorization: `Basic ${Buffer.from(`${transfer.username}:${transfer.password}`).toString('base64')}`,
  };
}

function transportFault(error: unknown): TransferFault {
  const message = error instanceof Error ? error.message : String(error);
  return error instanceof TransportError && error.reason === 'timeout'
    ? { faultCode: 9017, faultString: `Unable to complete download: ${message}` }
    : { faultCode: 9015, faultString: `Unable to contact file server: ${message}` };
}

/**
 * Fetches a Download's file over HTTP(S) and checks it as a CPE would: 401/403 is a file-server
 * authentication failure (9012), other error statuses 9016, a size differing from FileSize 9018.
 */
export async function fetchFile(
  transfer: QueuedTransfer,
  timeoutMs: number,
  tls?: TlsOptions,
): Promise<TransferFault> {
  try {
    const reply = await request(new URL(transfer.url), {
      method: 'GET',
      headers: authorization(transfer),
      agent: false,
      timeoutMs,
      ...(tls ? { tls } : {}),
    });
    if (reply.status === 401 || reply.status === 403)
      return { faultCode: 9012, faultString: `HTTP ${reply.status}` };
    if (reply.status < 200 || reply.status > 299)
      return { faultCode: 9016, faultString: `HTTP ${reply.status}` };
    if (transfer.fileSize > 0 && reply.body.length !== transfer.fileSize) {
      return {
        faultCode: 9018,
        faultString: `expected ${transfer.fileSize} bytes, got ${reply.body.length}`,
      };
    }
    return NO_FAULT;
  } catch (error) {
    return transportFault(error);
  }
}

/** PUTs an Upload's generated file (9011 on any refusal). */
export async function putFile(
  transfer: QueuedTransfer,
  content: Buffer,
  timeoutMs: number,
  tls?: TlsOptions,
): Promise<TransferFault> {
  try {
    const reply = await request(
      new URL(transfer.url),
      {
        method: 'PUT',
        headers: {
          ...authorization(transfer),
          'Content-Type': 'application/octet-stream',
          'Content-Length': String(content.length),
        },
        agent: false,
        timeoutMs,
        ...(tls ? { tls } : {}),
      },
      content,
    );
    if (reply.status < 200 || reply.status > 299)
      return { faultCode: 9011, faultString: `HTTP ${reply.status}` };
    return NO_FAULT;
  } catch (error) {
    return { ...transportFault(error), faultCode: 9011 };
  }
}
