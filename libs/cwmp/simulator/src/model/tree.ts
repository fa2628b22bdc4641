import type { ParameterValue } from '@acs/cwmp-codec';
import { DeviceState } from './device-state';
import { IndexEntry, templateOf } from './profile';
import { ObjectNode, ParamNode, RawValue } from './schema';
import { toTypedValue } from './values';

/** A concrete path that exists on the device, with the instance numbers along it. */
export interface Resolved {
  path: string;
  entry: IndexEntry;
  instances: number[];
}

/** Instances of a concrete table path (`Device.WiFi.SSID.`), ascending. */
export function instancesOf(state: DeviceState, tablePath: string): readonly number[] {
  return state.instances.get(tablePath) ?? state.profile.defaultInstances[tablePath] ?? [];
}

/**
 * Finds a concrete path (`Device.WiFi.SSID.2.SSID`, `Device.WiFi.`, `Device.Hosts.Host.1.`) on
 * the device. Undefined when the schema has no such node or an instance on the way is absent.
 */
export function resolve(state: DeviceState, path: string): Resolved | undefined {
  const entry = state.profile.index.get(templateOf(path));
  if (!entry) return undefined;
  const instances: number[] = [];
  if (/\.\d/.test(path)) {
    const segments = path.split('.');
    for (let position = 1; position < segments.length; position++) {
      const segment = segments[position] as string;
      if (!/^\d+$/.test(segment)) continue;
      const number = Number(segment);
      const tablePath = `${segments.slice(0, position).join('.')}.`;
      if (!instancesOf(state, tablePath).includes(number)) return undefined;
      instances.push(number);
    }
  }
  return { path, entry, instances };
}

export function rawValueOf(
  state: DeviceState,
  path: string,
  node: ParamNode,
  instances: readonly number[],
): RawValue {
  const override = state.values.get(path);
  if (override !== undefined) return override;
  if (node.name.endsWith('NumberOfEntries')) {
    // Counts follow the tables they count, whatever AddObject and DeleteObject did to them.
    const tablePath = `${path.slice(0, -'NumberOfEntries'.length)}.`;
    if (resolve(state, tablePath)?.entry.role === 'table')
      return instancesOf(state, tablePath).length;
  }
  return typeof node.default === 'function'
    ? node.default({ serial: state.serial, ordinal: state.ordinal, instances })
    : node.default;
}

/** The typed value of an existing parameter, or undefined when the path names none. */
export function readParameter(state: DeviceState, path: string): ParameterValue | undefined {
  const found = resolve(state, path);
  if (found?.entry.role !== 'param') return undefined;
  const node = found.entry.node;
  return { name: path, ...toTypedValue(node.type, rawValueOf(state, path, node, found.instances)) };
}

export interface VisitedNode {
  path: string;
  node: ParamNode | ObjectNode;
  /** `object` for single objects and table instances alike; `table` for the table itself. */
  role: IndexEntry['role'];
  instances: readonly number[];
}

/**
 * Every node at and below a resolved path, depth first in schema order, instances ascending.
 * `depth` 1 stops at the immediate children (GetParameterNames NextLevel).
 */
export function* walk(
  state: DeviceState,
  start: Resolved,
  depth = Number.POSITIVE_INFINITY,
): Generator<VisitedNode> {
  yield* walkFrom(state, start.path, start.entry, start.instances, depth, true);
}

function* walkFrom(
  state: DeviceState,
  path: string,
  entry: IndexEntry,
  instances: readonly number[],
  depth: number,
  isStart: boolean,
): Generator<VisitedNode> {
  if (!isStart) yield { path, node: entry.node, role: entry.role, instances };
  if (depth <= 0 || entry.role === 'param') return;
  if (entry.role === 'table') {
    for (const number of instancesOf(state, path)) {
      yield* walkFrom(
        state,
        `${path}${number}.`,
        { role: 'instance', node: entry.node },
        [...instances, number],
        depth - 1,
        false,
      );
    }
    return;
  }
  for (const child of entry.node.children) {
    if (child.kind === 'param') {
      if (depth >= 1)
        yield* walkFrom(
          state,
          path + child.name,
          { role: 'param', node: child },
          instances,
          depth - 1,
          false,
        );
    } else {
      const childPath = `${path}${child.name}.`;
      const childEntry: IndexEntry = child.table
        ? { role: 'table', node: child }
        : { role: 'object', node: child };
      yield* walkFrom(state, childPath, childEntry, instances, depth - 1, false);
    }
  }
}
