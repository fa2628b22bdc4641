/**
 * Names of fields that come from data: indexed parameter paths and applied eventIds in a device
 * document, parameter paths in a tree document. MongoDB reads a `.` in an update path as nesting and a leading `$` as an
 * operator, and FerretDB refuses both in stored keys, so both are encoded.
 */
import { isParameterPath } from '../query/fields';

/**
 * `Device/DeviceInfo/SoftwareVersion` for `Device.DeviceInfo.SoftwareVersion`: parameter paths
 * the store can filter on hold only `[A-Za-z0-9_-]` between the dots, so this is one-to-one.
 */
export function indexedValueKey(path: string): string {
  if (!isParameterPath(path)) throw new RangeError(`not an indexable parameter path: "${path}"`);
  return path.replaceAll('.', '/');
}

/** Any non-empty string as a field name: `%`, `.` and NUL escaped as `%XX`, and a leading `$`. */
export function fieldKey(text: string): string {
  return text
    .replace(/[%.\0]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0').toUpperCase()}`)
    .replace(/^\$/, '%24');
}

/** The string fieldKey was given. */
export function fromFieldKey(key: string): string {
  return key.replace(/%([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
