/**
 * The exact filter semantics, shared by every adapter: mingo evaluates the whole (validated)
 * filter on a match document built from the device's summary and the parameters the filter
 * names, nested by path segment so that `parameters.Device.DeviceInfo.SoftwareVersion` resolves
 * as it would in MongoDB.
 */
import { Query } from 'mingo';
import { DeviceFilter, DeviceSummary, StoredParameter } from '../device-store';

export type ParameterValue = Pick<StoredParameter, 'path' | 'value'>;
export type DevicePredicate = (document: Record<string, unknown>) => boolean;

export function compileFilter(filter: DeviceFilter): DevicePredicate {
  const query = new Query(filter, {});
  return (document) => query.test(document);
}

/**
 * `{ ...summary, parameters: { Device: { DeviceInfo: { SoftwareVersion: '1.2' } } } }`.
 * Parameters without a value are absent (a filter matches values); objects are empty nodes, so
 * `$exists` on an object path holds while the object is stored. connectionRequest is left out.
 */
export function matchDocument(
  summary: DeviceSummary,
  parameters: readonly ParameterValue[],
): Record<string, unknown> {
  const fields: Record<string, unknown> = { ...summary };
  delete fields['connectionRequest'];
  const tree: Record<string, unknown> = {};
  for (const { path, value } of parameters) {
    const isObject = path.endsWith('.');
    if (!isObject && value === undefined) continue;
    const segments = (isObject ? path.slice(0, -1) : path).split('.');
    const leaf = segments.pop();
    if (leaf === undefined) continue;
    let node: Record<string, unknown> | null = tree;
    for (const segment of segments) node = node && childNode(node, segment);
    if (node === null) continue;
    if (isObject) childNode(node, leaf);
    else if (!Object.prototype.hasOwnProperty.call(node, leaf)) setOwn(node, leaf, value);
  }
  return { ...fields, parameters: tree };
}

/** The object under `key`, created when absent; null when a value sits there instead. */
function childNode(node: Record<string, unknown>, key: string): Record<string, unknown> | null {
  if (!Object.prototype.hasOwnProperty.call(node, key)) setOwn(node, key, {});
  const child = node[key];
  return typeof child === 'object' && child !== null ? (child as Record<string, unknown>) : null;
}

/** Own property even for names like `__proto__`, which a CPE may report. */
function setOwn(node: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(node, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * Whether a device held in memory (e.g. provisioning's view of one in session, which may be
 * newer than the store) matches a filter, with the same semantics as a store query.
 */
export function deviceMatches(
  filter: DeviceFilter,
  device: Omit<Partial<DeviceSummary>, 'parameters'> & {
    parameters: Record<string, Pick<StoredParameter, 'value'>>;
  },
): boolean {
  const { parameters, ...summary } = device;
  const values = Object.entries(parameters).map(([path, parameter]) => ({
    path,
    value: parameter.value,
  }));
  return compileFilter(filter)(matchDocument(summary as DeviceSummary, values));
}
