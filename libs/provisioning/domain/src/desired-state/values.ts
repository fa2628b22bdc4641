import { XSD_TYPES, readBoolean, type ParameterValue, type XsdType } from '@acs/cwmp-codec';
import type { DesiredValue } from '@acs/contracts';

type KnownValue = string | number | boolean | null | undefined;

const INTEGER = /^\s*[+-]?\d+\s*$/;
const INTEGER_TYPES = new Set<string>(['int', 'unsignedInt', 'long', 'unsignedLong']);
const XSD = new Set<string>(XSD_TYPES);

export function isXsdType(type: string | undefined): type is XsdType {
  return type !== undefined && XSD.has(type);
}

/**
 * Whether the device already holds the desired value. Values are compared as text, except that
 * booleans compare as booleans (`1`, `true`, `TRUE` are one value) and integers as integers
 * (`06` is 6), because CPEs report the same value in all these spellings. An unknown current
 * value never counts as equal: setting it is how it becomes known.
 */
export function sameValue(desired: DesiredValue, current: KnownValue, type?: string): boolean {
  if (current === undefined || current === null) return false;
  if (type === 'boolean' || typeof desired === 'boolean' || typeof current === 'boolean') {
    const a = readBoolean(String(desired));
    const b = readBoolean(String(current));
    if (a !== undefined && b !== undefined) return a === b;
  }
  const a = String(desired);
  const b = String(current);
  if (
    (INTEGER_TYPES.has(type ?? '') || typeof desired === 'number' || typeof current === 'number') &&
    INTEGER.test(a) &&
    INTEGER.test(b)
  )
    return BigInt(a.trim()) === BigInt(b.trim());
  return a === b;
}

/**
 * The xsd type a value is sent as: the one the configuration declares, else the one the device
 * reported, else one inferred from the value (a boolean as boolean, a whole number as int or
 * unsignedInt by sign, anything else as string).
 */
export function typeToSend(
  value: DesiredValue,
  declared: XsdType | undefined,
  known: string | undefined,
): XsdType {
  if (declared) return declared;
  if (isXsdType(known)) return known;
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number' && Number.isInteger(value))
    return value < 0 ? 'int' : 'unsignedInt';
  return 'string';
}

/**
 * The value as the codec takes it for `type`, or undefined when it cannot be one (`abc` as an int).
 */
export function typedValue(
  name: string,
  value: DesiredValue,
  type: XsdType,
): ParameterValue | undefined {
  const text = String(value);
  switch (type) {
    case 'boolean': {
      const parsed = typeof value === 'boolean' ? value : readBoolean(text);
      return parsed === undefined ? undefined : { name, type, value: parsed };
    }
    case 'int':
    case 'unsignedInt': {
      if (!INTEGER.test(text)) return undefined;
      const parsed = Number(text.trim());
      if (!Number.isSafeInteger(parsed) || (type === 'unsignedInt' && parsed < 0)) return undefined;
      return { name, type, value: parsed };
    }
    case 'long':
    case 'unsignedLong': {
      if (!INTEGER.test(text)) return undefined;
      const parsed = BigInt(text.trim());
      if (type === 'unsignedLong' && parsed < 0n) return undefined;
      return { name, type, value: parsed.toString() };
    }
    case 'dateTime':
      return { name, type, value: text };
    default:
      return { name, type, value: text };
  }
}

/**
 * The ParameterValue for a desired value: typed as `type` when it fits, else sent as a string so
 * the CPE answers the mismatch with its own fault (9007) rather than the ACS guessing.
 */
export function parameterValue(name: string, value: DesiredValue, type: XsdType): ParameterValue {
  return typedValue(name, value, type) ?? { name, type: 'string', value: String(value) };
}
