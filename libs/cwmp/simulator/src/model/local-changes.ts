import { DeviceState, mapWith, OwedRequest, withEvent } from './device-state';
import { RawValue } from './schema';
import { resolve } from './tree';
import { coerceForParameter } from './values';

export class LocalChangeError extends Error {
  override readonly name = 'LocalChangeError';
}

/**
 * A value changed on the device itself (a user renamed the SSID, a counter moved), not by the ACS.
 * With notification on (1 passive, 2 active, as SetParameterAttributes left it or the profile
 * forces) the change is reported: `4 VALUE CHANGE` and the parameter in the next Inform; `active`
 * says the device should inform at once. Throws LocalChangeError for unknown paths and values the
 * parameter's type cannot hold.
 */
export function changeLocally(
  state: DeviceState,
  path: string,
  value: RawValue,
): { state: DeviceState; active: boolean } {
  const found = resolve(state, path);
  if (found?.entry.role !== 'param') throw new LocalChangeError(`no parameter ${path}`);
  const node = found.entry.node;
  const typed =
    typeof value === 'boolean'
      ? ({ type: 'boolean', value } as const)
      : ({ type: 'string', value: String(value) } as const);
  const coerced = coerceForParameter(node, typed);
  if (!coerced.ok)
    throw new LocalChangeError(`value ${String(value)} does not fit ${path} (${node.type})`);
  let next: DeviceState = { ...state, values: mapWith(state.values, path, coerced.value) };
  const notification = state.attributes.get(path)?.notification ?? node.forcedNotification ?? 0;
  if (notification === 0) return { state: next, active: false };
  if (!next.valueChanges.includes(path))
    next = { ...next, valueChanges: [...next.valueChanges, path] };
  return {
    state: withEvent(next, '4 VALUE CHANGE'),
    active: notification === 2 || notification >= 4,
  };
}

const EVENT_OF_REQUEST: Partial<Record<OwedRequest['type'], string>> = {
  TransferComplete: '7 TRANSFER COMPLETE',
  AutonomousTransferComplete: '10 AUTONOMOUS TRANSFER COMPLETE',
  RequestDownload: '9 REQUEST DOWNLOAD',
  Kicked: '5 KICKED',
  DUStateChangeComplete: '11 DU STATE CHANGE COMPLETE',
  AutonomousDUStateChangeComplete: '12 AUTONOMOUS DU STATE CHANGE COMPLETE',
};

/** Queues a CPE request for the next session, with the event TR-069 pairs it with (none for GetRPCMethods). */
export function withCpeRequest(state: DeviceState, request: OwedRequest): DeviceState {
  const next = { ...state, owedRequests: [...state.owedRequests, request] };
  const event = EVENT_OF_REQUEST[request.type];
  return event ? withEvent(next, event) : next;
}
