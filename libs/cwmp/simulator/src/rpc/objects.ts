import type { AddObject, DeleteObject } from '@acs/cwmp-codec';
import { DeviceState, mapWith } from '../model/device-state';
import { instancesOf, resolve } from '../model/tree';
import { answer, fault, RpcOutcome, withParameterKey } from './outcome';

/** Instances one table may hold before AddObject answers 9004 (resources exceeded). */
export const MAX_INSTANCES_PER_TABLE = 64;

/**
 * AddObject on a writable table (`Device.NAT.PortMapping.`): the new instance takes the next
 * number, never reusing one (TR-069 says instance numbers are not reassigned), and starts with
 * the profile's defaults. Sets the ParameterKey. Status 0.
 */
export function addObject(state: DeviceState, request: AddObject): RpcOutcome {
  const found = resolve(state, request.objectName);
  if (found?.entry.role !== 'table')
    return fault(state, 9005, `Not a table: ${request.objectName}`);
  if (!found.entry.node.writable) return fault(state, 9001, `${request.objectName} is read-only`);
  const current = instancesOf(state, request.objectName);
  if (current.length >= MAX_INSTANCES_PER_TABLE) return fault(state, 9004);
  const highest = current.reduce((max, number) => Math.max(max, number), 0);
  const number = Math.max(state.nextInstance.get(request.objectName) ?? 1, highest + 1);
  const next: DeviceState = {
    ...state,
    instances: mapWith(state.instances, request.objectName, [...current, number]),
    nextInstance: mapWith(state.nextInstance, request.objectName, number + 1),
  };
  return answer(withParameterKey(next, request.parameterKey), {
    type: 'AddObjectResponse',
    instanceNumber: number,
    status: 0,
  });
}

/**
 * DeleteObject on an instance of a writable table (`Device.NAT.PortMapping.3.`): the instance and
 * everything stored below it go. Sets the ParameterKey. Status 0.
 */
export function deleteObject(state: DeviceState, request: DeleteObject): RpcOutcome {
  const path = request.objectName;
  const found = resolve(state, path);
  if (found?.entry.role !== 'instance') return fault(state, 9005, `Not an instance: ${path}`);
  if (!found.entry.node.writable) return fault(state, 9001, `${path} cannot be deleted`);
  const number = found.instances.at(-1) as number;
  const tablePath = path.slice(0, path.length - `${number}.`.length);
  const keep = <V>(map: ReadonlyMap<string, V>): Map<string, V> =>
    new Map([...map].filter(([key]) => !key.startsWith(path)));
  const next: DeviceState = {
    ...state,
    values: keep(state.values),
    attributes: keep(state.attributes),
    instances: keep(state.instances).set(
      tablePath,
      instancesOf(state, tablePath).filter((existing) => existing !== number),
    ),
    nextInstance: mapWith(
      state.nextInstance,
      tablePath,
      Math.max(state.nextInstance.get(tablePath) ?? 1, number + 1),
    ),
  };
  return answer(withParameterKey(next, request.parameterKey), {
    type: 'DeleteObjectResponse',
    status: 0,
  });
}
