import { EncodeError } from '../errors';
import { writeDateTime } from '../values/date-time';
import { ValueFormat, writeBoolean } from '../values/typed-value';

const ESCAPES: Record<string, string> = {
  '<': '&lt;',
  '>': '&gt;',
  '&': '&amp;',
  '"': '&quot;',
  '\r': '&#13;',
};
const NEEDS_ESCAPE = /[<>&"\r]/;
const ESCAPE_ALL = /[<>&"\r]/g;

/** Escapes text and attribute content; CR is kept as a reference so it survives parsing. */
export function escapeXml(text: string): string {
  return NEEDS_ESCAPE.test(text) ? text.replace(ESCAPE_ALL, (c) => ESCAPES[c] as string) : text;
}

/** `<name>text</name>` with the text escaped. */
export function element(name: string, text: string | number): string {
  return `<${name}>${typeof text === 'number' ? text : escapeXml(text)}</${name}>`;
}

export function unsignedElement(name: string, value: number): string {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw new EncodeError(`${name} must be an unsignedInt, got ${value}`);
  }
  return `<${name}>${value}</${name}>`;
}

export function intElement(name: string, value: number): string {
  if (!Number.isInteger(value) || value < -0x80000000 || value > 0x7fffffff) {
    throw new EncodeError(`${name} must be an int, got ${value}`);
  }
  return `<${name}>${value}</${name}>`;
}

/** A SOAP-encoded array with an `arrayType` that states the true item count. */
export function soapArray(name: string, itemType: string, items: readonly string[]): string {
  return `<${name} soap-enc:arrayType="${itemType}[${items.length}]">${items.join('')}</${name}>`;
}

export function stringArray(name: string, values: readonly string[]): string {
  return soapArray(
    name,
    'xsd:string',
    values.map((value) => element('string', value)),
  );
}

export function booleanElement(name: string, value: boolean, format: ValueFormat): string {
  return `<${name}>${writeBoolean(value, format)}</${name}>`;
}

export function dateTimeElement(name: string, value: string | null, format: ValueFormat): string {
  return `<${name}>${escapeXml(writeDateTime(value, { fractions: format.dateTimeFractions }))}</${name}>`;
}
