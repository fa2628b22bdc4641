/** The XML Schema types CWMP parameter values travel as. */
export const XSD_TYPES = [
  'string',
  'int',
  'unsignedInt',
  'long',
  'unsignedLong',
  'boolean',
  'dateTime',
  'base64',
  'hexBinary',
] as const;

export type XsdType = (typeof XSD_TYPES)[number];

/**
 * A typed parameter value. 64-bit integers are decimal strings: they exceed 2^53 and must survive
 * JSON (Kafka, Redis, MongoDB) unchanged. A dateTime is an ISO 8601 string as the device sent it
 * (zone kept or absent), or null for the "unknown time" forms devices send.
 */
export type TypedValue =
  | { type: 'string' | 'base64' | 'hexBinary'; value: string }
  | { type: 'int' | 'unsignedInt'; value: number }
  | { type: 'long' | 'unsignedLong'; value: string }
  | { type: 'boolean'; value: boolean }
  | { type: 'dateTime'; value: string | null };

export type ParameterValue = { name: string } & TypedValue;

const KNOWN = new Set<string>(XSD_TYPES);

/** TR-069's `base64` is XML Schema's `base64Binary`; devices send either name. */
const ALIASES: Record<string, XsdType> = { base64Binary: 'base64' };

/** The xsi:type written for each type: the XML Schema name, so envelopes validate. */
export function xsiTypeName(type: XsdType): string {
  return type === 'base64' ? 'xsd:base64Binary' : `xsd:${type}`;
}

/** `xsd:int`, `xs:int`, `int`, `cwmp:int` all name `int`; unknown or absent types read as string. */
export function xsdTypeFromAttribute(attributeValue: string | undefined): XsdType {
  if (!attributeValue) return 'string';
  const local = attributeValue.slice(attributeValue.indexOf(':') + 1).trim();
  return KNOWN.has(local) ? (local as XsdType) : (ALIASES[local] ?? 'string');
}
