import { readDateTime, writeDateTime } from './date-time';
import { TypedValue, XsdType } from './xsd-types';

const INTEGER = /^[+-]?\d+$/;
const BASE64 = /^[A-Za-z0-9+/\s]*={0,2}\s*$/;
const HEX = /^[0-9A-Fa-f]*$/;

/**
 * Reads the text of a `Value` under its declared type. Text that does not fit the declared type is
 * kept verbatim as a string rather than rejected: a whole Inform must not fail because one vendor
 * parameter lies about its type, and the raw text is what an operator needs to see.
 */
export function readTypedValue(type: XsdType, raw: string): TypedValue {
  switch (type) {
    case 'string':
      return { type, value: raw };
    case 'int':
    case 'unsignedInt': {
      const value = readInteger(raw);
      return value === undefined ? { type: 'string', value: raw } : { type, value };
    }
    case 'long':
    case 'unsignedLong': {
      const text = raw.trim();
      return INTEGER.test(text)
        ? { type, value: BigInt(text).toString() }
        : { type: 'string', value: raw };
    }
    case 'boolean': {
      const value = readBoolean(raw);
      return value === undefined ? { type: 'string', value: raw } : { type, value };
    }
    case 'dateTime': {
      const value = readDateTime(raw);
      return value === undefined ? { type: 'string', value: raw } : { type, value };
    }
    case 'base64':
      return BASE64.test(raw)
        ? { type, value: raw.replace(/\s+/g, '') }
        : { type: 'string', value: raw };
    case 'hexBinary': {
      const text = raw.trim();
      return HEX.test(text) ? { type, value: text } : { type: 'string', value: raw };
    }
  }
}

/**
 * An xsd integer (optional sign, decimal digits, surrounding blanks ignored) that a JavaScript
 * number holds exactly; undefined otherwise. Beyond 2^53 Number would round, so a 20-digit value
 * is refused rather than silently changed; `1e3`, `0x10` and empty text are not integers.
 */
export function readInteger(raw: string): number | undefined {
  const text = raw.trim();
  if (!INTEGER.test(text)) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : undefined;
}

/** `true/false/1/0` in any case, surrounding blanks ignored. */
export function readBoolean(raw: string): boolean | undefined {
  const text = raw.trim().toLowerCase();
  if (text === 'true' || text === '1') return true;
  if (text === 'false' || text === '0') return false;
  return undefined;
}

export interface ValueFormat {
  /** Send booleans as `1`/`0`: some CPEs reject `true`/`false`. */
  booleansAsDigits: boolean;
  /** Send fractional seconds in dateTime values. */
  dateTimeFractions: boolean;
}

export const DEFAULT_VALUE_FORMAT: ValueFormat = {
  booleansAsDigits: false,
  dateTimeFractions: true,
};

export function writeBoolean(value: boolean, format: ValueFormat): string {
  if (format.booleansAsDigits) return value ? '1' : '0';
  return value ? 'true' : 'false';
}

/** The text of a typed value as it goes on the wire (not yet XML-escaped). */
export function writeTypedValue(value: TypedValue, format: ValueFormat): string {
  switch (value.type) {
    case 'boolean':
      return writeBoolean(value.value, format);
    case 'dateTime':
      return writeDateTime(value.value, { fractions: format.dateTimeFractions });
    case 'int':
    case 'unsignedInt':
      return String(Math.trunc(value.value));
    default:
      return value.value;
  }
}
