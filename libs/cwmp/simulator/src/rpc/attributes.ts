import type {
  GetParameterAttributes,
  ParameterAttribute,
  SetParameterAttributes,
} from '@acs/cwmp-codec';
import { Attribute, DeviceState } from '../model/device-state';
import { ParamNode } from '../model/schema';
import { resolve, walk } from '../model/tree';
import { answer, fault, RpcOutcome } from './outcome';

interface NamedParam {
  path: string;
  node: ParamNode;
}

/** The parameters a full name or partial path names; undefined when it names nothing. */
function parametersAt(state: DeviceState, name: string): NamedParam[] | undefined {
  const found = resolve(state, name === '' ? `${state.profile.root.name}.` : name);
  if (!found) return undefined;
  if (found.entry.role === 'param') return [{ path: name, node: found.entry.node }];
  const out: NamedParam[] = [];
  for (const visited of walk(state, found)) {
    if (visited.node.kind === 'param') out.push({ path: visited.path, node: visited.node });
  }
  return out;
}

function attributeOf(state: DeviceState, parameter: NamedParam): Attribute {
  return (
    state.attributes.get(parameter.path) ?? {
      notification: parameter.node.forcedNotification ?? 0,
      accessList: [],
    }
  );
}

export function getParameterAttributes(
  state: DeviceState,
  request: GetParameterAttributes,
): RpcOutcome {
  const parameters: ParameterAttribute[] = [];
  for (const name of request.parameterNames) {
    const named = parametersAt(state, name);
    if (!named) return fault(state, 9005, `Invalid parameter name: ${name}`);
    for (const parameter of named) {
      const attribute = attributeOf(state, parameter);
      parameters.push({
        name: parameter.path,
        notification: attribute.notification,
        accessList: [...attribute.accessList],
      });
    }
  }
  return answer(state, { type: 'GetParameterAttributesResponse', parameters });
}

/**
 * SetParameterAttributes, all or nothing. A parameter with forced active notification refuses any
 * other notification (9009); notification values beyond 0-6 are invalid arguments (9003).
 */
export function setParameterAttributes(
  state: DeviceState,
  request: SetParameterAttributes,
): RpcOutcome {
  const attributes = new Map(state.attributes);
  for (const struct of request.parameters) {
    const named = parametersAt(state, struct.name);
    if (!named) return fault(state, 9005, `Invalid parameter name: ${struct.name}`);
    if (struct.notificationChange && (struct.notification < 0 || struct.notification > 6)) {
      return fault(state, 9003);
    }
    for (const parameter of named) {
      const forced = parameter.node.forcedNotification;
      if (struct.notificationChange && forced !== undefined && struct.notification !== forced) {
        return fault(state, 9009, `Notification of ${parameter.path} is forced`);
      }
      const current = attributes.get(parameter.path) ?? attributeOf(state, parameter);
      attributes.set(parameter.path, {
        notification: struct.notificationChange ? struct.notification : current.notification,
        accessList: struct.accessListChange ? [...struct.accessList] : current.accessList,
      });
    }
  }
  return answer({ ...state, attributes }, { type: 'SetParameterAttributesResponse' });
}
