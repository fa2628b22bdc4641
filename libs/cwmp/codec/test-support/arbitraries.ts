import fc from 'fast-check';
import { CwmpMessage, EncodeOptions, ParameterValue, SoapHeader, XSD_TYPES } from '../src';
import { SAMPLES } from './samples';

/**
 * Arbitrary valid messages of every type, shaped after SAMPLES: each sample's fields keep their
 * names and kinds and get arbitrary values (arrays get arbitrary lengths, each item shaped like
 * one of the sample's items). Values stay inside what CWMP can carry and what the decoder keeps
 * as sent, so encode then decode must give the message back unchanged.
 */

/** Characters that stress escaping and charset handling, among ordinary ones. */
const TRICKY = [
  '<',
  '>',
  '&',
  '"',
  "'",
  ']]>',
  '&amp;',
  '\n',
  '\t',
  '\r',
  'é',
  '中',
  '😀',
  '\u00a0',
];
/** XML 1.0 Char production minus the controls the guard strips on purpose. */
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDFFF]/u;

/** Text as devices send it; trimmed, because several fields are trimmed when read. */
export const wireString: fc.Arbitrary<string> = fc
  .string({
    unit: fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...'aZ09.-_:/ ') },
      { weight: 2, arbitrary: fc.constantFrom(...TRICKY) },
      { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) },
    ),
    maxLength: 24,
  })
  .filter((text) => !NOT_XML.test(text))
  .map((text) => text.trim());

/** xsd:dateTime text the decoder keeps as sent, or null (the "unknown time"). */
export const dateTime: fc.Arbitrary<string | null> = fc.option(
  fc
    .tuple(
      fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z') }),
      fc.constantFrom('', '.5', '.123456'),
      fc.constantFrom('', 'Z', '+01:00', '-05:30'),
    )
    .filter(([date]) => !Number.isNaN(date.getTime()))
    .map(([date, fraction, zone]) => date.toISOString().slice(0, 19) + fraction + zone),
);

const INT32 = { min: -0x80000000, max: 0x7fffffff };

export const parameterValue: fc.Arbitrary<ParameterValue> = fc
  .tuple(wireString, fc.constantFrom(...XSD_TYPES))
  .chain(([name, type]): fc.Arbitrary<ParameterValue> => {
    switch (type) {
      case 'string':
        return wireString.map((value) => ({ name, type, value }));
      case 'int':
        return fc.integer(INT32).map((value) => ({ name, type, value }));
      case 'unsignedInt':
        return fc.nat(0xffffffff).map((value) => ({ name, type, value }));
      case 'long':
        return fc.bigInt(-(2n ** 63n), 2n ** 63n - 1n).map((v) => ({ name, type, value: `${v}` }));
      case 'unsignedLong':
        return fc.bigInt(0n, 2n ** 64n - 1n).map((v) => ({ name, type, value: `${v}` }));
      case 'boolean':
        return fc.boolean().map((value) => ({ name, type, value }));
      case 'dateTime':
        return dateTime.map((value) => ({ name, type, value }));
      case 'base64':
        return fc.base64String({ maxLength: 16 }).map((value) => ({ name, type, value }));
      case 'hexBinary':
        return fc
          .string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF'), maxLength: 16 })
          .map((value) => ({ name, type, value }));
    }
  });

/** Fields whose sample value is a tag, not data. */
const FIXED = new Set(['type', 'operation']);
const DATE_TIME_FIELDS = new Set(['startTime', 'completeTime', 'currentTime']);

function arbitraryLike(sample: unknown, key = ''): fc.Arbitrary<unknown> {
  if (FIXED.has(key)) return fc.constant(sample);
  if (key === 'soapFaultCode') return fc.constantFrom('Client', 'Server');
  if (DATE_TIME_FIELDS.has(key)) return dateTime;
  if (typeof sample === 'string') return wireString;
  if (typeof sample === 'boolean') return fc.boolean();
  if (typeof sample === 'number') return sample < 0 ? fc.integer(INT32) : fc.nat(INT32.max);
  if (Array.isArray(sample)) {
    const items = sample.map((item) => arbitraryLike(item));
    return fc.array(items.length > 0 ? fc.oneof(...items) : wireString, { maxLength: 4 });
  }
  if (typeof sample === 'object' && sample !== null) {
    if (isParameterValue(sample)) return parameterValue;
    const fields: Record<string, fc.Arbitrary<unknown>> = {};
    for (const [name, value] of Object.entries(sample)) fields[name] = arbitraryLike(value, name);
    return fc.record(fields);
  }
  return fc.constant(sample);
}

function isParameterValue(value: object): boolean {
  return 'name' in value && 'value' in value && 'type' in value;
}

/** Any message of any type the codec decodes (both directions, and Fault). */
export const cwmpMessage: fc.Arbitrary<CwmpMessage> = fc.oneof(
  ...Object.values(SAMPLES).map((sample) => arbitraryLike(sample) as fc.Arbitrary<CwmpMessage>),
);

const versionToken = wireString
  .map((text) => text.replace(/,/g, '').trim())
  .filter((text) => text !== '');

export const soapHeader: fc.Arbitrary<SoapHeader> = fc.record(
  {
    id: wireString,
    holdRequests: fc.boolean(),
    noMoreRequests: fc.boolean(),
    sessionTimeout: fc.nat(0xffffffff),
    supportedCwmpVersions: fc.array(versionToken, { minLength: 1, maxLength: 4 }),
    useCwmpVersion: wireString,
  },
  { requiredKeys: [] },
);

export const cwmpNamespace = fc.constantFrom(
  'urn:dslforum-org:cwmp-1-0',
  'urn:dslforum-org:cwmp-1-1',
  'urn:dslforum-org:cwmp-1-2',
  'urn:dslforum-org:cwmp-1-3',
  'urn:dslforum-org:cwmp-1-4',
);

/** Encoder quirks that change the bytes but not the decoded value. */
export const encodeOptions: fc.Arbitrary<EncodeOptions> = fc.record({
  booleansAsDigits: fc.boolean(),
  dateTimeFractions: fc.constant(true),
  nextLevelAsDigit: fc.boolean(),
});
