import { Element, parseXml } from 'libxmljs2';
import { DecodeError, DOCUMENT_PATH } from '../errors';
import { XmlNode } from './node';
import { scanCanonical } from './canonical-scanner';
import { pathAt } from './element-scan';

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
    throw toDecodeError(error, text);
  }
  if (!root) {
    throw new DecodeError('MALFORMED_XML', 'document has no root element', { path: DOCUMENT_PATH });
  }
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

/**
 * Converts a libxmljs2 element (and its subtree) to plain nodes with one native call. No depth
 * check here: the guard refused deep documents before libxml2 parsed them.
 */
export function toPlainNode(element: Element): XmlNode {
  return scanCanonical(element.toString(false));
}

interface LibxmlErrorShape {
  message?: unknown;
  line?: unknown;
  column?: unknown;
}

/** libxml2's error as a DecodeError that names the elements open where the parser stopped. */
function toDecodeError(error: unknown, text: string): DecodeError {
  const shape = (typeof error === 'object' && error !== null ? error : {}) as LibxmlErrorShape;
  const message =
    typeof shape.message === 'string' && shape.message.trim()
      ? shape.message.trim()
      : 'not well-formed XML';
  const line = typeof shape.line === 'number' ? shape.line : undefined;
  const column = typeof shape.column === 'number' ? shape.column : undefined;
  if (!line) return new DecodeError('MALFORMED_XML', message, { path: DOCUMENT_PATH });
  return new DecodeError('MALFORMED_XML', `${message} at line ${line}, column ${column ?? 0}`, {
    path: pathAt(text, offsetOf(text, line, column ?? 1)),
    line,
    ...(column === undefined ? {} : { column }),
  });
}

/** The text offset of a 1-based line and column as libxml2 counts them (close enough for a path). */
function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let current = 1; current < line; current++) {
    const newline = text.indexOf('\n', offset);
    if (newline === -1) return text.length;
    offset = newline + 1;
  }
  return Math.min(text.length, offset + Math.max(0, column - 1));
}
