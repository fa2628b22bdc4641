/**
 * A plain, read-only view of one element: what the message decoders work on. Built in JavaScript
 * from one serialization of the method element (see canonical-scanner.ts), so reading a leaf costs
 * no call into libxml2.
 */
export interface XmlNode {
  /** Local name: any prefix is dropped, CWMP child elements are matched by local name only. */
  readonly name: string;
  /** The start tag's raw attribute text, parsed only when an attribute is asked for. */
  readonly rawAttributes: string;
  readonly children: XmlNode[];
  /** Character content of the element itself (entity references resolved). */
  text: string;
}

const ATTRIBUTE = /([^\s=]+)="([^"]*)"/g;

/** Attribute value by local name (`xsi:type`, `SOAP-ENC:arrayType` match `type`, `arrayType`). */
export function attribute(node: XmlNode, localName: string): string | undefined {
  if (node.rawAttributes === '') return undefined;
  ATTRIBUTE.lastIndex = 0;
  for (
    let match = ATTRIBUTE.exec(node.rawAttributes);
    match;
    match = ATTRIBUTE.exec(node.rawAttributes)
  ) {
    const qualified = match[1] as string;
    if (qualified.slice(qualified.indexOf(':') + 1) === localName)
      return unescapeXml(match[2] as string);
  }
  return undefined;
}

const ENTITY = /&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function unescapeXml(text: string): string {
  if (text.indexOf('&') === -1) return text;
  return text.replace(ENTITY, (_, ref: string) => {
    if (ref.charCodeAt(0) !== 35) return NAMED[ref] as string;
    const code =
      ref.charCodeAt(1) === 120 ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return String.fromCodePoint(code);
  });
}
