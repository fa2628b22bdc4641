import { readTypedValue, TypedValue, XsdType } from '@acs/cwmp-codec';
import { ParamNode, RawValue } from './schema';

export function toTypedValue(type: XsdType, raw: RawValue): TypedValue {
  switch (type) {
    case 'boolean':
      return { type, value: raw === true || raw === 'true' || raw === '1' || raw === 1 };
    case 'int':
    case 'unsignedInt':
      return { type, value: Number(raw) };
    case 'dateTime':
      return { type, value: String(raw) };
    default:
      return { type, value: String(raw) };
  }
}

const INTEGER_TYPES = new Set<XsdType>(['int', 'unsignedInt', 'long', 'unsignedLong']);
const INT_BOUNDS: Partial<Record<XsdType, readonly [bigint, bigint]>> = {
  int: [-(2n ** 31n), 2n ** 31n - 1n],
  unsignedInt: [0n, 2n ** 32n - 1n],
  long: [-(2n ** 63n), 2n ** 63n - 1n],
  unsignedLong: [0n, 2n ** 64n - 1n],
};

export type Coerced = { ok: true; value: RawValue } | { ok: false; faultCode: 9006 | 9007 };

/**
 * Checks a value an ACS wants to set against the parameter's type and constraints.
 * A value that came as `string` (or with no xsi:type, which reads as string) is parsed under the
 * parameter's type, as real CPEs do: failing that is 9007 (invalid value). A value whose declared
 * xsi:type names another kind of type (boolean for an int) is 9006 (invalid type); the integer
 * types stand in for each other, bounds checked.
 */
export function coerceForParameter(node: ParamNode, incoming: TypedValue): Coerced {
  let typed: TypedValue = incoming;
  if (incoming.type === 'string' && node.type !== 'string') {
    typed = readTypedValue(node.type, incoming.value);
    if (typed.type === 'string') return { ok: false, faultCode: 9007 };
  }
  const compatible =
    typed.type === node.type || (INTEGER_TYPES.has(typed.type) && INTEGER_TYPES.has(node.type));
  if (!compatible) return { ok: false, faultCode: 9006 };

  if (INTEGER_TYPES.has(node.type)) {
    const big = BigInt(typed.value as number | string);
    const bounds = INT_BOUNDS[node.type] as readonly [bigint, bigint];
    if (big < bounds[0] || big > bounds[1]) return { ok: false, faultCode: 9007 };
    if (node.range && (big < BigInt(node.range[0]) || big > BigInt(node.range[1]))) {
      return { ok: false, faultCode: 9007 };
    }
    const value = node.type === 'int' || node.type === 'unsignedInt' ? Number(big) : big.toString();
    return { ok: true, value };
  }
  if (typed.type === 'boolean') return { ok: true, value: typed.value };
  if (typed.type === 'dateTime') {
    return typed.value === null
      ? { ok: true, value: '0001-01-01T00:00:00Z' }
      : { ok: true, value: typed.value };
  }
  const text = String(typed.value);
  if (node.enumeration && !node.enumeration.includes(text)) return { ok: false, faultCode: 9007 };
  if (node.maxLength !== undefined && text.length > node.maxLength) {
    return { ok: false, faultCode: 9007 };
  }
  return { ok: true, value: text };
}
