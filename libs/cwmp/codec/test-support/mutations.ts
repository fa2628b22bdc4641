import fc from 'fast-check';

/**
 * Mutations of real envelopes, as data: fast-check prints the failing list, and applying it again
 * reproduces the exact bytes. Envelopes are handled as latin1 strings so that every byte,
 * including invalid UTF-8, survives the edits unchanged.
 */
export type Mutation =
  | { kind: 'flip'; at: number; byte: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; snippet: string }
  | { kind: 'remove'; from: number; to: number }
  | { kind: 'duplicate'; from: number; to: number }
  | { kind: 'text'; at: number; value: string }
  | { kind: 'namespace'; at: number; uri: string }
  | { kind: 'rename'; at: number; name: string }
  | { kind: 'prefix'; bytes: string };

const utf8 = (text: string) => Buffer.from(text, 'utf8').toString('latin1');

/**
 * Long inputs appear in a counterexample by these names rather than as 100 KB of text; applying
 * a mutation looks the name up.
 */
const LONG: Record<string, string> = {
  '<X_Deep> x300 </X_Deep> x300': '<X_Deep>'.repeat(300) + '</X_Deep>'.repeat(300),
  '<d> x20000': '<d>'.repeat(20_000),
  '<N...60000 chars/>': `<${'N'.repeat(60_000)}/>`,
  '<a b...20000 chars="1"/>': `<a ${'b'.repeat(20_000)}="1"/>`,
  '<a b="&amp; x20000"/>': `<a b="${'&amp;'.repeat(20_000)}"/>`,
  'x x100000': 'x'.repeat(100_000),
  'N x60000': 'N'.repeat(60_000),
};
const LONG_KEYS = Object.keys(LONG);

/** Markup that CPEs, proxies or attackers put where an element could go. */
const SNIPPETS = [
  '<!DOCTYPE e [<!ENTITY x "x">]>',
  '<!DOCTYPE e SYSTEM "file:///etc/passwd">',
  '<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">',
  '&lol2;',
  '&undefined;',
  '&#0;',
  '&#xD800;',
  '&#x110000;',
  '&#65;&#x42;',
  '&amp;lt;',
  '<![CDATA[<a></b>]]>',
  ']]>',
  '<!-- <a> -->',
  '<!-- -- -->',
  '<?pi x="<a>"?>',
  '<?xml version="1.0"?>',
  '<x:a xmlns:x="urn:x"/>',
  '<undeclared:a/>',
  '<a b="1" b="2"/>',
  '<a b=">/"/>',
  "<a b='>'>",
  '<a>',
  '</a>',
  '<',
  '>',
  '&',
  '\u0000\u0001\u001b',
  '\uFEFF',
  '<Value xsi:type="xsd:int">99999999999999999999999</Value>',
  '<ParameterValueStruct><Value>v</Value></ParameterValueStruct>',
  '<EventStruct/>',
  '<X_Deep> x300 </X_Deep> x300',
  '<d> x20000',
  '<N...60000 chars/>',
  '<a b...20000 chars="1"/>',
  '<a b="&amp; x20000"/>',
];

/** Raw bytes that are not valid UTF-8, spliced in as they are. */
const RAW_BYTES = ['\xff', '\xc3', '\xe2\x82', '\xed\xa0\x80', '\xf8\x88\x80\x80\x80', '\x80\x80'];

/** Element contents that test the value readers: numbers, dates, booleans out of their ranges. */
const VALUES = [
  '',
  ' ',
  '-1',
  '-0',
  '+7',
  '007',
  '4294967296',
  '-2147483649',
  '9007199254740993',
  '99999999999999999999999999999999',
  '-99999999999999999999999999999999',
  '1e309',
  '1.5',
  '0x10',
  'NaN',
  'Infinity',
  'true',
  'TRUE ',
  'yes',
  '2',
  '2026-13-45T25:61:61Z',
  '0000-00-00T00:00:00',
  '-0001-01-01T00:00:00Z',
  '+2026-01-01T00:00:00Z',
  '99999-12-31T23:59:59.999999999999+99:99',
  '2026-02-30T00:00:00',
  'x x100000',
  'é中😀',
];

const NAMESPACES = [
  '',
  'urn:dslforum-org:cwmp-9-9',
  'urn:dslforum-org:cwmp-1-0 ',
  'http://schemas.xmlsoap.org/soap/envelope',
  'http://www.w3.org/2003/05/soap-envelope',
  'urn:broadband-forum-org:cwmp-1-2',
  'urn:x',
];

const NAMES = [
  'Envelope',
  'Body',
  'Header',
  'Fault',
  'Inform',
  'x:Body',
  'X_Vendor',
  'N x60000',
  'a-b.c',
];

const PREFIXES = [
  '\xef\xbb\xbf',
  '\xef\xbb\xbf\xef\xbb\xbf',
  '\xff\xfe',
  '\xfe\xff',
  '\r\n',
  '\x00',
];

const position = fc.nat();

export const mutationArbitrary: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: position, byte: fc.nat(255) }),
  fc.record({ kind: fc.constant('truncate' as const), at: position }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: position,
    snippet: fc.constantFrom(...SNIPPETS, ...RAW_BYTES),
  }),
  fc.record({ kind: fc.constant('remove' as const), from: position, to: position }),
  fc.record({ kind: fc.constant('duplicate' as const), from: position, to: position }),
  fc.record({
    kind: fc.constant('text' as const),
    at: position,
    value: fc.constantFrom(...VALUES),
  }),
  fc.record({
    kind: fc.constant('namespace' as const),
    at: position,
    uri: fc.constantFrom(...NAMESPACES),
  }),
  fc.record({
    kind: fc.constant('rename' as const),
    at: position,
    name: fc.constantFrom(...NAMES),
  }),
  fc.record({ kind: fc.constant('prefix' as const), bytes: fc.constantFrom(...PREFIXES) }),
);

/** The envelope's bytes after each mutation in turn. */
export function applyMutations(envelope: Buffer, mutations: readonly Mutation[]): Buffer {
  let text = envelope.toString('latin1');
  for (const mutation of mutations) text = applyMutation(text, mutation);
  return Buffer.from(text, 'latin1');
}

/** The bytes (as latin1) of a snippet, value or name as it appears in a mutation. */
function content(key: string): string {
  return utf8(LONG_KEYS.includes(key) ? (LONG[key] as string) : key);
}

function applyMutation(text: string, mutation: Mutation): string {
  switch (mutation.kind) {
    case 'flip': {
      if (text.length === 0) return text;
      const at = mutation.at % text.length;
      return text.slice(0, at) + String.fromCharCode(mutation.byte) + text.slice(at + 1);
    }
    case 'truncate':
      return text.slice(0, mutation.at % (text.length + 1));
    case 'insert': {
      const at = tagStart(text, mutation.at);
      const snippet = RAW_BYTES.includes(mutation.snippet)
        ? mutation.snippet
        : content(mutation.snippet);
      return text.slice(0, at) + snippet + text.slice(at);
    }
    case 'remove':
    case 'duplicate': {
      const [from, to] = [tagStart(text, mutation.from), tagStart(text, mutation.to)].sort(
        (a, b) => a - b,
      ) as [number, number];
      const middle = mutation.kind === 'remove' ? '' : text.slice(from, to).repeat(2);
      return text.slice(0, from) + middle + text.slice(to);
    }
    case 'text':
      return replaceNth(text, /(<([\w:]+)[^<>]*>)([^<]*)(<\/\2>)/g, mutation.at, (m) => {
        return `${m[1]}${content(mutation.value)}${m[4]}`;
      });
    case 'namespace':
      return replaceNth(text, /xmlns(:[\w-]+)?="([^"]*)"/g, mutation.at, (m) => {
        return `xmlns${m[1] ?? ''}="${content(mutation.uri)}"`;
      });
    case 'rename':
      return replaceNth(text, /<(\/?)([\w:.-]+)/g, mutation.at, (m) => {
        return `<${m[1]}${content(mutation.name)}`;
      });
    case 'prefix':
      return mutation.bytes + text;
  }
}

/** The offset of the n-th `<` (modulo their count), or the end when there is none. */
function tagStart(text: string, n: number): number {
  const starts: number[] = [];
  for (let at = text.indexOf('<'); at !== -1; at = text.indexOf('<', at + 1)) starts.push(at);
  return starts.length === 0 ? text.length : (starts[n % starts.length] as number);
}

function replaceNth(
  text: string,
  pattern: RegExp,
  n: number,
  replace: (match: RegExpExecArray) => string,
): string {
  const matches = [...text.matchAll(pattern)];
  if (matches.length === 0) return text;
  const match = matches[n % matches.length] as RegExpExecArray;
  return text.slice(0, match.index) + replace(match) + text.slice(match.index + match[0].length);
}
