import type {
  GetParameterNames,
  GetParameterValues,
  ParameterInfo,
  ParameterValue,
  SetParameterValues,
  SetParameterValuesFault,
} from '@acs/cwmp-codec';
import { faultOf, standardFaultString } from '@acs/cwmp-codec';
import { RawValue } from '../model/schema';
import { readParameter, resolve, walk } from '../model/tree';
import { coerceForParameter } from '../model/values';
import { DeviceState } from '../model/device-state';
import { firmwareSetFaults } from '../firmware/banks';
import { diagnosticObjectOf } from '../diagnostics/run-diagnostic';
import { answer, Effect, fault, RpcOutcome, withParameterKey } from './outcome';

/** The root object's path (`Device.` or `InternetGatewayDevice.`). */
function rootPath(state: DeviceState): string {
  return `${state.profile.root.name}.`;
}

/**
 * GetParameterNames: a full name (NextLevel false) names itself; a partial path names itself and
 * everything below (NextLevel false) or its immediate children (NextLevel true). An empty path is
 * the root. Objects are written with their trailing dot; a table is writable when the ACS may add
 * to it, an instance when the ACS may delete it.
 */
export function getParameterNames(state: DeviceState, request: GetParameterNames): RpcOutcome {
  const path = request.parameterPath === '' ? rootPath(state) : request.parameterPath;
  if (request.parameterPath === '' && request.nextLevel) {
    return answer(state, {
      type: 'GetParameterNamesResponse',
      parameters: [{ name: rootPath(state), writable: false }],
    });
  }
  const found = resolve(state, path);
  if (!found) return fault(state, 9005);
  if (found.entry.role === 'param') {
    if (request.nextLevel) return fault(state, 9003);
    return answer(state, {
      type: 'GetParameterNamesResponse',
      parameters: [{ name: path, writable: found.entry.node.writable }],
    });
  }
  const parameters: ParameterInfo[] = request.nextLevel
    ? []
    : [{ name: path, writable: objectWritable(found.entry.role, found.entry.node.writable) }];
  for (const visited of walk(state, found, request.nextLevel ? 1 : Number.POSITIVE_INFINITY)) {
    const writable =
      visited.node.kind === 'param'
        ? visited.node.writable
        : objectWritable(visited.role, visited.node.writable);
    parameters.push({ name: visited.path, writable });
  }
  return answer(state, { type: 'GetParameterNamesResponse', parameters });
}

function objectWritable(role: string, tableWritable: boolean): boolean {
  return (role === 'table' || role === 'instance') && tableWritable;
}

/** GetParameterValues over full names and partial paths; any unknown name faults the whole call. */
export function getParameterValues(state: DeviceState, request: GetParameterValues): RpcOutcome {
  const parameters: ParameterValue[] = [];
  for (const requested of request.parameterNames) {
    const name = requested === '' ? rootPath(state) : requested;
    const found = resolve(state, name);
    if (!found) return fault(state, 9005, `Invalid parameter name: ${name}`);
    if (found.entry.role === 'param') {
      parameters.push(readParameter(state, name) as ParameterValue);
      continue;
    }
    for (const visited of walk(state, found)) {
      if (visited.node.kind === 'param') {
        parameters.push(readParameter(state, visited.path) as ParameterValue);
      }
    }
  }
  return answer(state, { type: 'GetParameterValuesResponse', parameters });
}

/**
 * SetParameterValues, all or nothing: every parameter is checked first (9005 unknown, 9008
 * read-only, 9006 wrong type, 9007 bad value; a name given twice is 9003), and any failure answers
 * a fault listing each bad parameter while the device keeps its old values. The top-level code is
 * the parameters' code when they agree, else 9003 (Invalid arguments). Success stores the values
 * and the ParameterKey, status 0 (applied).
 */
export function setParameterValues(state: DeviceState, request: SetParameterValues): RpcOutcome {
  const faults: SetParameterValuesFault[] = [];
  const accepted = new Map<string, RawValue>();
  const seen = new Set<string>();
  for (const parameter of request.parameters) {
    const code = checkOne(state, parameter, accepted);
    if (seen.has(parameter.name)) faults.push(parameterFault(parameter.name, 9003));
    else if (code !== 0) faults.push(parameterFault(parameter.name, code));
    seen.add(parameter.name);
  }
  if (faults.length === 0) {
    // Rules between parameters (a boot bank must be available) once each value is valid alone.
    for (const name of firmwareSetFaults(state, accepted)) faults.push(parameterFault(name, 9007));
  }
  if (faults.length > 0) {
    const codes = new Set(faults.map((entry) => entry.faultCode));
    const top = codes.size === 1 ? (faults[0] as SetParameterValuesFault).faultCode : 9003;
    return {
      state,
      reply: { ...faultOf(top), setParameterValuesFaults: faults },
      effects: [],
    };
  }
  const values = new Map(state.values);
  const effects: Effect[] = [];
  for (const [name, value] of accepted) {
    const diagnostic = diagnosticObjectOf(name);
    // TR-181: a cancelled diagnostic stops at once and goes back to None.
    values.set(name, diagnostic && value === 'Canceled' ? 'None' : value);
    if (diagnostic && value === 'Requested')
      effects.push({ kind: 'diagnostic', object: diagnostic });
  }
  return answer(
    withParameterKey({ ...state, values }, request.parameterKey),
    { type: 'SetParameterValuesResponse', status: 0 },
    effects,
  );
}

function checkOne(
  state: DeviceState,
  parameter: ParameterValue,
  accepted: Map<string, RawValue>,
): number {
  const found = resolve(state, parameter.name);
  if (found?.entry.role !== 'param') return 9005;
  if (!found.entry.node.writable) return 9008;
  const coerced = coerceForParameter(found.entry.node, parameter);
  if (!coerced.ok) return coerced.faultCode;
  accepted.set(parameter.name, coerced.value);
  return 0;
}

function parameterFault(parameterName: string, faultCode: number): SetParameterValuesFault {
  return { parameterName, faultCode, faultString: standardFaultString(faultCode) };
}
