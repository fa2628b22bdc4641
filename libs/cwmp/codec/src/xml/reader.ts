import { DecodeError } from '../errors';
import { readDateTime } from '../values/date-time';
import { readBoolean, readInteger } from '../values/typed-value';
import { XmlNode } from './node';

/**
 * Reads the fields of one CWMP structure, naming the element path in every error so a bad
 * envelope can be diagnosed from the error alone ("Inform/DeviceId/OUI: missing").
 */
export class StructReader {
  constructor(
    readonly node: XmlNode,
    readonly path: string,
  ) {}

  has(name: string): boolean {
    return findChild(this.node, name) !== undefined;
  }

  child(name: string): StructReader {
    const found = findChild(this.node, name);
    if (!found) throw this.missing(name);
    return new StructReader(found, `${this.path}/${name}`);
  }

  optionalChild(name: string): StructReader | undefined {
    const found = findChild(this.node, name);
    return found ? new StructReader(found, `${this.path}/${name}`) : undefined;
  }

  /** Required string field. */
  string(name: string): string {
    const found = findChild(this.node, name);
    if (!found) throw this.missing(name);
    return found.text;
  }

  /** String field that real devices omit although the schema requires it. */
  optionalString(name: string, fallback = ''): string {
    return findChild(this.node, name)?.text ?? fallback;
  }

  int(name: string): number {
    return this.integerOf(name, this.string(name));
  }

  optionalInt(name: string): number | undefined {
    const found = findChild(this.node, name);
    return found ? this.integerOf(name, found.text) : undefined;
  }

  boolean(name: string): boolean {
    const value = readBoolean(this.string(name));
    if (value === undefined) throw this.invalid(name, 'a boolean (true, false, 1 or 0)');
    return value;
  }

  /** dateTime field; null for "unknown" placeholders and empty text. */
  dateTime(name: string): string | null {
    const value = readDateTime(this.string(name));
    if (value === undefined) throw this.invalid(name, 'an xsd:dateTime');
    return value;
  }

  optionalDateTime(name: string): string | null {
    return this.has(name) ? this.dateTime(name) : null;
  }

  /**
   * Items of a SOAP array. The `arrayType` count is ignored on purpose: devices send `[01]`,
   * `[0008]`, wrong counts or none, so the children are counted instead.
   */
  items(name: string): StructReader[] {
    return this.arrayOf(this.child(name));
  }

  optionalItems(name: string): StructReader[] {
    const array = this.optionalChild(name);
    return array ? this.arrayOf(array) : [];
  }

  /** Text of every item of a SOAP array of strings. */
  strings(name: string): string[] {
    return this.child(name).node.children.map((item) => item.text);
  }

  /** Repeated direct children with one name (unwrapped lists such as SetParameterValuesFault). */
  repeated(name: string): StructReader[] {
    const out: StructReader[] = [];
    for (const child of this.node.children) {
      if (child.name === name) out.push(new StructReader(child, `${this.path}/${name}`));
    }
    return out;
  }

  missing(name: string): DecodeError {
    return new DecodeError('MISSING_ELEMENT', `missing element ${name}`, {
      path: `${this.path}/${name}`,
    });
  }

  invalid(name: string, expected: string): DecodeError {
    const text = findChild(this.node, name)?.text ?? '';
    return new DecodeError('INVALID_VALUE', `expected ${expected}, got "${text.slice(0, 64)}"`, {
      path: `${this.path}/${name}`,
    });
  }

  private integerOf(name: string, text: string): number {
    const value = readInteger(text);
    if (value === undefined) throw this.invalid(name, 'an integer within ±2^53');
    return value;
  }

  private arrayOf(array: StructReader): StructReader[] {
    return array.node.children.map(
      (item, index) => new StructReader(item, `${array.path}/${item.name}[${index}]`),
    );
  }
}

export function findChild(node: XmlNode, name: string): XmlNode | undefined {
  const children = node.children;
  for (let i = 0; i < children.length; i++) {
    const child = children[i] as XmlNode;
    if (child.name === name) return child;
  }
  return undefined;
}
