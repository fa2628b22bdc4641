import { readTypedValue, type TypedValue, type XsdType } from '@acs/cwmp-codec';

/** A value as operators write it (JSON) and the xsd type it has when none is declared. */
export function inferredXsdType(value: string | number | boolean): XsdType {
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number')
    return Number.isInteger(value) && value >= 0 ? 'unsignedInt' : 'int';
  return 'string';
}

/**
 * The typed value to send for an operator's or a configuration's value: the declared type, else
 * one inferred from the JSON value.
 * Throws a RangeError for a value that cannot have that type (`abc` as unsignedInt).
 */
export function typedValueOf(
  value: string | number | boolean,
  declared: XsdType | undefined,
): TypedValue {
  const type = declared ?? inferredXsdType(value);
  const typed = readTypedValue(type, typeof value === 'string' ? value : String(value));
  // readTypedValue keeps text that does not fit its type as a string: here that is an error.
  if (typed.type !== type) throw new RangeError(`${JSON.stringify(value)} is not a valid ${type}`);
  if (type === 'unsignedInt' && (typed.value as number) < 0) {
    throw new RangeError(`${JSON.stringify(value)} is not a valid ${type}`);
  }
  return typed;
}
