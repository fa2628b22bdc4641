import { DecodeError, DOCUMENT_PATH } from '../errors';

/**
 * A tag-level walk over XML text that builds nothing: it finds where elements open and close so
 * that the depth cap holds before libxml2 allocates a node (a 100,000-deep body is refused after
 * reading 33 start tags), and so that a syntax error can name the elements open where it is.
 *
 * It knows what can hide a `<` or a `>` from a naive scan: comments, CDATA sections, processing
 * instructions and quoted attribute values (which may hold `>` and `/`). End tags are not matched
 * against start tags: libxml2 refuses a mismatch anyway, and on well-formed text the count of open
 * elements is exact.
 */
const SLASH = 47;
const BANG = 33;
const QUESTION = 63;
const GREATER = 62;
const LESS = 60;

/** Names in a path are cut to this length: a hostile name can be megabytes long. */
const MAX_NAME_IN_PATH = 64;

/**
 * Start offsets of the elements open at `end` (outermost first), or of the first `limit + 1`
 * nested ones when the nesting goes deeper than `limit` before `end`.
 */
export function openElementsAt(text: string, end: number, limit: number): number[] {
  const open: number[] = [];
  const quotes = new QuoteFinder(text);
  let position = 0;
  while (position < end) {
    const start = text.indexOf('<', position);
    if (start === -1 || start >= end) break;
    const marker = text.charCodeAt(start + 1);
    if (marker <= 32 || marker === LESS || marker === GREATER) {
      // Not markup: libxml2 refuses it; skipping it keeps the names in a path real names.
      position = start + 1;
    } else if (marker === SLASH) {
      open.pop();
      position = after(text, '>', start + 2);
    } else if (marker === BANG) {
      if (text.startsWith('<!--', start)) position = after(text, '-->', start + 4);
      else if (text.startsWith('<![CDATA[', start)) position = after(text, ']]>', start + 9);
      else position = after(text, '>', start + 2);
    } else if (marker === QUESTION) {
      position = after(text, '?>', start + 2);
    } else {
      const close = endOfStartTag(text, start + 1, quotes);
      if (close === -1) break;
      // An empty-element tag counts for depth too, then closes at once.
      open.push(start);
      if (open.length > limit) break;
      if (text.charCodeAt(close - 1) === SLASH) open.pop();
      position = close + 1;
    }
  }
  return open;
}

/** Refuses text whose elements nest deeper than `maxDepth` (the root element is depth 1). */
export function checkElementDepth(text: string, maxDepth: number): void {
  const open = openElementsAt(text, text.length, maxDepth);
  if (open.length > maxDepth) {
    throw new DecodeError('TOO_DEEP', `element nesting exceeds the limit of ${maxDepth}`, {
      path: elementPath(text, open),
    });
  }
}

/** The path of the elements open at `offset`, for errors that only know a position. */
export function pathAt(text: string, offset: number): string {
  return elementPath(text, openElementsAt(text, offset, Number.POSITIVE_INFINITY));
}

function elementPath(text: string, open: readonly number[]): string {
  if (open.length === 0) return DOCUMENT_PATH;
  return open.map((start) => localName(text, start)).join('/');
}

function localName(text: string, start: number): string {
  let end = start + 1;
  const stop = Math.min(text.length, start + 1 + 4 * MAX_NAME_IN_PATH);
  while (end < stop) {
    const code = text.charCodeAt(end);
    if (code <= 32 || code === SLASH || code === GREATER) break;
    end++;
  }
  const qualified = text.slice(start + 1, end);
  const local = qualified.slice(qualified.indexOf(':') + 1);
  if (local === '') return '?';
  return local.length > MAX_NAME_IN_PATH ? `${local.slice(0, MAX_NAME_IN_PATH)}…` : local;
}

/** The offset just past the next `terminator` from `from`, or the text's end when there is none. */
function after(text: string, terminator: string, from: number): number {
  const found = text.indexOf(terminator, from);
  return found === -1 ? text.length : found + terminator.length;
}

/**
 * The next quote of each kind at or after a position, remembered between start tags: positions
 * only move forward, so every quote is searched for once (indexOf) rather than every tag's
 * characters being read one by one.
 */
class QuoteFinder {
  private double = -2;
  private single = -2;

  constructor(private readonly text: string) {}

  /** Offset of the first `"` or `'` at or after `from`, or -1. */
  next(from: number): number {
    if (this.double !== -1 && this.double < from) this.double = this.text.indexOf('"', from);
    if (this.single !== -1 && this.single < from) this.single = this.text.indexOf("'", from);
    if (this.double === -1) return this.single;
    if (this.single === -1) return this.double;
    return Math.min(this.double, this.single);
  }
}

/** The `>` that ends a start tag, skipping quoted attribute values; -1 when it never ends. */
function endOfStartTag(text: string, from: number, quotes: QuoteFinder): number {
  for (let position = from; ; ) {
    const close = text.indexOf('>', position);
    if (close === -1) return -1;
    const quote = quotes.next(position);
    if (quote === -1 || quote > close) return close;
    const closingQuote = text.indexOf(text.charAt(quote), quote + 1);
    if (closingQuote === -1) return -1;
    position = closingQuote + 1;
  }
}
