import { DecodeError, DOCUMENT_PATH } from '../errors';
import { unescapeXml, XmlNode } from './node';

/**
 * Turns libxml2's own serialization of a parsed element into plain XmlNodes.
 *
 * Why not walk the libxmljs2 tree: every node or attribute read is a JS/native crossing that
 * allocates a wrapper (about 1 µs for an attribute); a 40-parameter Inform needs ~250 of them,
 * twice the cost of parsing. One `toString()` of the element is a single crossing, and its output
 * is libxml2's canonical form of an already well-formed tree: double-quoted attributes, `<`, `>`,
 * `&`, `"` always escaped, CDATA merged into text (parsed with `nocdata`), so this scanner only
 * has to handle elements, text, comments and processing instructions. It is not a general XML
 * parser and must never be given text that libxml2 did not produce.
 */
export function scanCanonical(xml: string): XmlNode {
  const stack: XmlNode[] = [];
  let root: XmlNode | undefined;
  let position = 0;
  const length = xml.length;

  while (position < length) {
    const open = xml.indexOf('<', position);
    if (open === -1) break;
    const current = stack[stack.length - 1];
    if (open > position && current) current.text += unescapeXml(xml.slice(position, open));
    const marker = xml.charCodeAt(open + 1);

    if (marker === 47 /* / */) {
      stack.pop();
      position = xml.indexOf('>', open) + 1;
      continue;
    }
    if (marker === 33 /* ! comment */) {
      position = xml.indexOf('-->', open) + 3;
      continue;
    }
    if (marker === 63 /* ? processing instruction */) {
      position = xml.indexOf('?>', open) + 2;
      continue;
    }

    const close = xml.indexOf('>', open);
    const selfClosing = xml.charCodeAt(close - 1) === 47;
    const tagEnd = selfClosing ? close - 1 : close;
    let nameEnd = open + 1;
    while (nameEnd < tagEnd && xml.charCodeAt(nameEnd) > 32) nameEnd++;
    const qualified = xml.slice(open + 1, nameEnd);
    const node: XmlNode = {
      name: qualified.slice(qualified.indexOf(':') + 1),
      rawAttributes: nameEnd < tagEnd ? xml.slice(nameEnd, tagEnd) : '',
      children: [],
      text: '',
    };
    if (current) current.children.push(node);
    else root = node;
    if (!selfClosing) stack.push(node);
    position = close + 1;
  }

  if (!root) {
    throw new DecodeError('MALFORMED_XML', 'no element in serialized subtree', {
      path: DOCUMENT_PATH,
    });
  }
  return root;
}
