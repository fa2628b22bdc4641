import { AcsRequest, CpeResponse, Fault, faultOf } from '@acs/cwmp-codec';
import type { ChangeDUState } from '@acs/cwmp-codec';
import { DeviceState } from '../model/device-state';

/** Work an RPC leaves for after the session (TR-069 acts on most of these once it has ended). */
export type Effect =
  | { kind: 'reboot' }
  | { kind: 'scheduleInform'; delaySeconds: number; commandKey: string }
  /** A queued transfer is ready to be scheduled (its delay counts from now). */
  | { kind: 'transfer'; commandKey: string }
  | { kind: 'changeDuState'; request: ChangeDUState }
  /** DiagnosticsState was set to Requested: the diagnostic at `object` runs after the session. */
  | { kind: 'diagnostic'; object: string };

export interface RpcOutcome {
  state: DeviceState;
  reply: CpeResponse | Fault;
  effects: Effect[];
}

export type RpcHandler<R extends AcsRequest> = (state: DeviceState, request: R) => RpcOutcome;

export function answer(state: DeviceState, reply: CpeResponse, effects: Effect[] = []): RpcOutcome {
  return { state, reply, effects };
}

/** A fault leaves the device as it was: every handler is all-or-nothing. */
export function fault(state: DeviceState, code: number, faultString?: string): RpcOutcome {
  return { state, reply: faultOf(code, faultString), effects: [] };
}

export function withParameterKey(state: DeviceState, parameterKey: string): DeviceState {
  const values = new Map(state.values);
  values.set(state.profile.paths.parameterKey, parameterKey);
  return { ...state, values };
}

export type { Fault };
