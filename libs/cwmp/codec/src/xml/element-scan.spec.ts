import fc from 'fast-check';
import { parseXml } from 'libxmljs2';
import { decodeEnvelope, DecodeError, encodeEnvelope } from '../index';
import { checkElementDepth, pathAt } from './element-scan';
import { sanitizeXml } from './guard';
import { DEFAULT_DECODE_LIMITS } from './limits';

/** Markup that hides `<`, `>` or `/` from a naive tag count. */
const TRICKY_CONTENT = [
  'text > with a greater-than',
  '<!-- <a> <b/> -->',
  '<![CDATA[<a><b></b>]]>',
  '<![CDATA[]]]]><![CDATA[>]]>',
  '<?pi <a> ?>',
  "<?pi x='>'?>",
  '&lt;a&gt;',
];
const ATTRIBUTES = [' x=">"', " y='/>'", ' z="a/b"', ' p:w="/a>&gt;"', " q='\"'", ''];

interface Tree {
  xml: string;
  depth: number;
}

/** Well-formed XML of a known depth, with everything that can mislead a scanner in it. */
const { element: tree } = fc.letrec<{ node: Tree; element: Tree }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...TRICKY_CONTENT).map((xml) => ({ xml, depth: 0 })),
    tie('element'),
  ),
  element: fc
    .tuple(
      fc.constantFrom('a', 'p:b', 'Value', 'X_Vendor-1.x'),
      fc.constantFrom(...ATTRIBUTES),
      fc.array(tie('node'), { maxLength: 4 }),
      fc.boolean(),
    )
    .map(([name, attributes, children, selfClosing]) =>
      children.length === 0 && selfClosing
        ? { xml: `<${name}${attributes}/>`, depth: 1 }
        : {
            xml: `<${name}${attributes}>${children.map((child) => child.xml).join('')}</${name}>`,
            depth: 1 + Math.max(0, ...children.map((child) => child.depth)),
          },
    ),
}));

/** The generated tree under `wrappers` more levels, inside a root that binds the prefix. */
const document = fc.tuple(tree, fc.nat(40)).map(([inner, wrappers]) => ({
  xml:
    `<?xml version="1.0"?><r xmlns:p="urn:p">${'<w>'.repeat(wrappers)}` +
    `${inner.xml}${'</w>'.repeat(wrappers)}</r>`,
  depth: 1 + wrappers + inner.depth,
}));

const depthError = (run: () => void): DecodeError | undefined => {
  try {
    run();
    return undefined;
  } catch (error) {
    if (error instanceof DecodeError) return error;
    throw error;
  }
};

describe('the element-depth cap, enforced before libxml2 parses', () => {
  it('measures the depth libxml2 sees, whatever comments, CDATA, PIs and attributes hold', () => {
    fc.assert(
      fc.property(document, ({ xml, depth }) => {
        expect(() => parseXml(xml)).not.toThrow();
        expect(depthError(() => checkElementDepth(xml, depth))).toBeUndefined();
        expect(depthError(() => checkElementDepth(xml, depth - 1))?.code).toBe('TOO_DEEP');
      }),
      { numRuns: 200 },
    );
  });

  it('refuses a 100,000-deep document in the guard, before any tree exists, and says where', () => {
    const deep = `${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}`;
    // sanitizeXml is the last step before libxml2: its refusal means nothing was parsed.
    const error = depthError(() => sanitizeXml(deep, DEFAULT_DECODE_LIMITS));
    expect(error?.code).toBe('TOO_DEEP');
    expect(error?.context.path).toBe(
      Array(DEFAULT_DECODE_LIMITS.maxDepth + 1)
        .fill('a')
        .join('/'),
    );
    // libxml2 on its own would only stop at 256 levels, with an unnamed MALFORMED_XML.
    expect(decodeEnvelope(deep)).toMatchObject({ ok: false, error: { code: 'TOO_DEEP' } });
  });

  it('refuses depth between the cap and libxml2 limit before parsing', () => {
    const xml = encodeEnvelope({ message: { type: 'GetRPCMethods' } }).replace(
      '<cwmp:GetRPCMethods/>',
      `<cwmp:GetRPCMethods>${'<x:Deep xmlns:x="urn:x" a="/>">'.repeat(40)}${'</x:Deep>'.repeat(40)}</cwmp:GetRPCMethods>`,
    );
    const error = depthError(() => sanitizeXml(xml, DEFAULT_DECODE_LIMITS));
    expect(error?.code).toBe('TOO_DEEP');
    expect(error?.context.path).toMatch(/^Envelope\/Body\/GetRPCMethods\/Deep\/Deep/);
  });

  it('counts an empty-element tag one level past the cap (found by the property above)', () => {
    const xml = `${'<a>'.repeat(32)}<b x=">"/>${'</a>'.repeat(32)}`;
    expect(depthError(() => checkElementDepth(xml, 32))?.context.path).toMatch(/\/a\/b$/);
  });

  it('accepts a document exactly at the cap', () => {
    const xml = `${'<a>'.repeat(32)}${'</a>'.repeat(32)}`;
    expect(depthError(() => checkElementDepth(xml, 32))).toBeUndefined();
  });

  it('names the elements open at a position, for syntax errors', () => {
    const xml = '<s:Envelope><s:Body><!-- <c> --><m a=">"><x/><v><![CDATA[<d>]]>';
    expect(pathAt(xml, xml.length)).toBe('Envelope/Body/m/v');
    expect(pathAt(xml, 0)).toBe('/');
  });
});
