/**
 * Property-based checks of decodeEnvelope on generated input: valid envelopes of every message
 * type come back unchanged, and arbitrary bytes or markup only ever give a value or a DecodeError
 * with a path, within the hang limit (each case runs in a worker, see guarded-decode.ts).
 */
import fc from 'fast-check';
import {
  cwmpMessage,
  cwmpNamespace,
  encodeOptions,
  soapHeader,
} from '../../test-support/arbitraries';
import { assertTypedOutcome, GuardedDecoder } from '../../test-support/guarded-decode';
import { encodeEnvelope, isSentBy, versionOfNamespace } from '../index';

/**
 * Each property takes about a second on a quiet machine; on a saturated one fewer cases run
 * rather than the test timing out (the 2 s per-case hang limit still applies to each case).
 */
const LOAD_TOLERANT = { interruptAfterTimeLimit: 60_000, markInterruptAsFailure: false };

const decoder = new GuardedDecoder();
beforeAll(() => decoder.whenReady(), 120_000);
afterAll(() => decoder.close());

/** Pieces of markup, hostile and ordinary, for arbitrary sequences of XML-like text. */
const TOKENS = [
  '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">',
  '</soap:Envelope>',
  '<soap:Body>',
  '</soap:Body>',
  '<cwmp:Inform xmlns:cwmp="urn:dslforum-org:cwmp-1-0">',
  '</cwmp:Inform>',
  '<a>',
  '</a>',
  '<a/>',
  '<a b=">/">',
  "<a b='</a>'>",
  '<!--',
  '-->',
  '<![CDATA[',
  ']]>',
  '<?pi ',
  '?>',
  '<!DOCTYPE a>',
  '&amp;',
  '&#0;',
  '&#x10FFFF;',
  '&x;',
  '<',
  '>',
  '/',
  '"',
  "'",
  '=',
  ' ',
  'text',
  '\u0000',
  '\uFEFF',
  '\uD800',
];

describe('decodeEnvelope, property-based', () => {
  it('decodes every generated valid envelope of every message type back to what was encoded', async () => {
    await fc.assert(
      fc.asyncProperty(
        cwmpMessage,
        soapHeader,
        cwmpNamespace,
        encodeOptions,
        async (message, header, namespace, options) => {
          const xml = encodeEnvelope({ namespace, header, message }, options);
          const from = isSentBy('cpe', message.type) ? 'cpe' : 'acs';
          const outcome = await decoder.decode(xml, { from });
          assertTypedOutcome(outcome);
          expect(outcome).toEqual({
            kind: 'decoded',
            value: { namespace, version: versionOfNamespace(namespace), header, message },
          });
        },
      ),
      { numRuns: 200, ...LOAD_TOLERANT },
    );
  }, 120_000);

  it('answers arbitrary bytes with a value or a DecodeError with a path', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 512 }),
        fc.constantFrom(undefined, 'utf-8', 'iso-8859-1', 'utf-16', 'x-unknown'),
        async (bytes, charset) => {
          assertTypedOutcome(await decoder.decode(Buffer.from(bytes), { charset }));
        },
      ),
      { numRuns: 100, ...LOAD_TOLERANT },
    );
  }, 120_000);

  it('answers arbitrary sequences of markup with a value or a DecodeError with a path', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom(...TOKENS), { maxLength: 40 }),
        fc.constantFrom(undefined, 'cpe', 'acs'),
        async (tokens, from) => {
          assertTypedOutcome(await decoder.decode(tokens.join(''), { from }));
        },
      ),
      { numRuns: 300, ...LOAD_TOLERANT },
    );
  }, 120_000);
});
