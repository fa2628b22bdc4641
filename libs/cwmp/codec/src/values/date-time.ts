/**
 * Tolerant xsd:dateTime reading. Devices send zone-less times, fractions of any length, and
 * placeholders for "never" (`0001-01-01T00:00:00Z`, `0000-00-00T00:00:00`): those read as null.
 */
const DATE_TIME =
  /^(-?\d{4,})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/;

export function readDateTime(raw: string): string | null | undefined {
  const text = raw.trim();
  if (text === '') return null;
  const match = DATE_TIME.exec(text);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second, fraction = '', zone = ''] = match;
  if (Number(year) <= 1 || month === '00' || day === '00') return null;
  const normalizedZone = zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
  return `${year}-${month}-${day}T${hour}:${minute}:${second}${fraction}${normalizedZone}`;
}

export interface DateTimeFormat {
  /** Some CPE stacks reject fractional seconds; a device-class profile turns them off. */
  fractions: boolean;
}

/** The "unknown" time in the form the CWMP specification gives for it. */
export const UNKNOWN_DATE_TIME = '0001-01-01T00:00:00Z';

export function writeDateTime(value: string | Date | null, format: DateTimeFormat): string {
  if (value === null) return UNKNOWN_DATE_TIME;
  const text = typeof value === 'string' ? value : value.toISOString();
  return format.fractions ? text : text.replace(/\.\d+/, '');
}
