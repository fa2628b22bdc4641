import { DecodeError, DOCUMENT_PATH } from '../errors';
import { checkElementDepth, pathAt } from './element-scan';
import { DecodeLimits } from './limits';

/**
 * Runs before libxml2 sees a byte: libxmljs has type-confusion CVEs reachable only through DTDs
 * and entities, so any DOCTYPE or ENTITY declaration is refused outright rather than parsed.
 */
const DTD_PATTERN = /<!\s*(DOCTYPE|ENTITY)/i;

/** C0 controls other than TAB, LF, CR are not XML characters; CPEs still emit them in values. */
// eslint-disable-next-line no-control-regex
const INVALID_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
/** The same characters written as character references (`&#1;`, `&#x1F;`). */
const INVALID_CHAR_REFS =
  /&#(?:0*(?:[0-8]|1[124-9]|2\d|3[01])|x0*(?:[0-8]|[bBcCeEfF]|1[0-9a-fA-F]));/g;

const XML_DECLARATION_ENCODING = /^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/;

const LATIN1_NAMES = new Set([
  'iso-8859-1',
  'latin1',
  'l1',
  'iso_8859-1',
  'windows-1252',
  'cp1252',
  'us-ascii',
  'ascii',
]);
const UTF8_NAMES = new Set(['utf-8', 'utf8']);

/** Decodes body bytes to text using the HTTP charset, else the XML declaration, else UTF-8. */
export function decodeCharset(bytes: Buffer, httpCharset?: string): string {
  let charset = httpCharset?.trim().toLowerCase();
  if (!charset) {
    const head = bytes.subarray(0, 200).toString('latin1');
    charset = XML_DECLARATION_ENCODING.exec(head)?.[1]?.toLowerCase() ?? 'utf-8';
  }
  if (UTF8_NAMES.has(charset)) return bytes.toString('utf8');
  if (LATIN1_NAMES.has(charset)) return bytes.toString('latin1');
  if (charset === 'utf-16' || charset === 'utf-16le') return bytes.toString('utf16le');
  throw new DecodeError('UNSUPPORTED_CHARSET', `unsupported charset "${charset}"`, {
    path: DOCUMENT_PATH,
  });
}

/**
 * Produces text that is safe to hand to libxml2: within the size cap, without DTDs, without
 * characters XML forbids, with the XML declaration's encoding removed (the text is already
 * decoded, and libxml2 would otherwise try to transcode it a second time), and with elements
 * nested no deeper than the cap (checked here, on the very text libxml2 will parse, so a deep
 * document never becomes a tree).
 */
export function sanitizeXml(
  input: Buffer | string,
  limits: DecodeLimits,
  httpCharset?: string,
): string {
  const size = typeof input === 'string' ? Buffer.byteLength(input) : input.length;
  if (size > limits.maxBytes) {
    throw new DecodeError(
      'TOO_LARGE',
      `envelope of ${size} bytes exceeds the ${limits.maxBytes}-byte limit`,
      { path: DOCUMENT_PATH },
    );
  }
  let text = typeof input === 'string' ? input : decodeCharset(input, httpCharset);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // libxml2 refuses an XML declaration that is not the very first thing; stacks send a CRLF first.
  text = text.trimStart();
  if (text === '') throw new DecodeError('EMPTY_BODY', 'empty body', { path: DOCUMENT_PATH });
  const dtd = DTD_PATTERN.exec(text);
  if (dtd) {
    throw new DecodeError('FORBIDDEN_DTD', 'DOCTYPE and ENTITY declarations are not accepted', {
      path: pathAt(text, dtd.index),
    });
  }
  text = text.replace(INVALID_CHARS, '').replace(INVALID_CHAR_REFS, '');
  text = text.replace(/^(\s*<\?xml[^>]*?)\s+encoding\s*=\s*["'][^"']*["']/, '$1');
  checkElementDepth(text, limits.maxDepth);
  return text;
}
