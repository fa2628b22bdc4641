import { Element, parseXml } from 'libxmljs2';
import { DecodeError } from '../errors';
import { DecodeLimits } from './limits';
import { XmlNode } from './node';
import { scanCanonical } from './canonical-scanner';

/**
 * libxml2 options: never touch the network, never expand entities (DTDs are refused earlier
 * anyway), drop whitespace-only text between elements, and merge CDATA into text.
 */
const PARSE_OPTIONS = {
  nonet: true,
  noent: false,
  dtdload: false,
  dtdvalid: false,
  dtdattr: false,
  noblanks: true,
  nocdata: true,
  huge: false,
  noxincnode: true,
  xinclude: false,
};

export function parseDocumentRoot(text: string): Element {
  let root: Element | null;
  try {
    root = parseXml(text, PARSE_OPTIONS).root();
  } catch (error) {
    throw toDecodeError(error);
  }
  if (!root) throw new DecodeError('MALFORMED_XML', 'document has no root element');
  return root;
}

/** The namespace URI of an element, or '' when it has none. */
export function namespaceOf(element: Element): string {
  return element.namespace()?.href() ?? '';
}

/** Element children, whitespace and comments skipped, in document order. */
export function elementChildren(element: Element): Element[] {
  const out: Element[] = [];
  for (const child of element.childNodes()) {
    if (child.type() === 'element') out.push(child as Element);
  }
  return out;
}

/** Converts a libxmljs2 element (and its subtree) to plain nodes with one native call. */
export function toPlainNode(element: Element, limits: DecodeLimits, depth: number): XmlNode {
  return scanCanonical(element.toString(false), limits.maxDepth, depth);
}

interface LibxmlErrorShape {
  message?: unknown;
  line?: unknown;
  column?: unknown;
}

function toDecodeError(error: unknown): DecodeError {
  const shape = (typeof error === 'object' && error !== null ? error : {}) as LibxmlErrorShape;
  const message =
    typeof shape.message === 'string' && shape.message.trim()
      ? shape.message.trim()
      : 'not well-formed XML';
  const context: { line?: number; column?: number } = {};
  if (typeof shape.line === 'number') context.line = shape.line;
  if (typeof shape.column === 'number') context.column = shape.column;
  const where = context.line ? ` at line ${context.line}, column ${context.column ?? 0}` : '';
  return new DecodeError('MALFORMED_XML', `${message}${where}`, context);
}
