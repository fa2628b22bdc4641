import { ACS_FAULT_SAMPLES, SAMPLES } from '../../test-support/samples';
import {
  ACS_REQUEST_TYPES,
  ACS_RESPONSE_TYPES,
  CPE_REQUEST_TYPES,
  CPE_RESPONSE_TYPES,
  CwmpMessage,
  decodeEnvelope,
  encodeEnvelope,
  EncodeOptions,
  isSentBy,
} from '../index';

const ALL = Object.values(SAMPLES) as CwmpMessage[];
const SCHEMA_DEFAULTS: EncodeOptions = {
  booleansAsDigits: false,
  dateTimeFractions: true,
  nextLevelAsDigit: false,
};
const OPTION_SETS: [string, EncodeOptions][] = [
  ['schema defaults', SCHEMA_DEFAULTS],
  [
    'booleans as 1/0, no fractions',
    { booleansAsDigits: true, dateTimeFractions: false, nextLevelAsDigit: true },
  ],
];

function roundTrip(
  message: CwmpMessage,
  options: EncodeOptions,
  namespace = 'urn:dslforum-org:cwmp-1-2',
) {
  const sender = isSentBy('cpe', message.type) ? 'cpe' : 'acs';
  const xml = encodeEnvelope({ namespace, header: { id: 'rt-1' }, message }, options);
  return decodeEnvelope(xml, { from: sender });
}

/** Fractions are dropped on purpose by the no-fractions option; compare without them. */
function withoutFractions(message: CwmpMessage): CwmpMessage {
  return JSON.parse(JSON.stringify(message).replace(/(T\d\d:\d\d:\d\d)\.\d+/g, '$1'));
}

describe('every message round-trips through encode and decode', () => {
  it('has a sample for each of the 18 ACS methods, 8 CPE methods, their responses and Fault', () => {
    const expected = [
      ...ACS_REQUEST_TYPES,
      ...CPE_RESPONSE_TYPES,
      ...CPE_REQUEST_TYPES,
      ...ACS_RESPONSE_TYPES,
      'Fault',
    ];
    expect(new Set(ALL.map((message) => message.type))).toEqual(new Set(expected));
    expect(ACS_REQUEST_TYPES).toHaveLength(18);
    expect(CPE_REQUEST_TYPES).toHaveLength(8);
  });

  describe.each(OPTION_SETS)('with %s', (_name, options) => {
    it.each(ALL.map((message) => [message.type, message] as const))('%s', (_type, message) => {
      const decoded = roundTrip(message, options);
      expect(decoded).toEqual({
        ok: true,
        value: {
          namespace: 'urn:dslforum-org:cwmp-1-2',
          version: '1.2',
          header: { id: 'rt-1' },
          message: options.dateTimeFractions ? message : withoutFractions(message),
        },
      });
    });
  });

  it.each(ACS_FAULT_SAMPLES.map((fault) => [fault.faultCode, fault] as const))(
    'ACS fault %i',
    (_code, fault) => {
      expect(roundTrip(fault, SCHEMA_DEFAULTS)).toMatchObject({
        ok: true,
        value: { message: fault },
      });
    },
  );

  it('keeps the namespace exactly as written, including non-standard cwmp-1-4', () => {
    const decoded = roundTrip(SAMPLES.InformResponse, SCHEMA_DEFAULTS, 'urn:dslforum-org:cwmp-1-4');
    expect(decoded).toMatchObject({
      ok: true,
      value: { namespace: 'urn:dslforum-org:cwmp-1-4', version: '1.4' },
    });
  });

  it('round-trips every header', () => {
    const header = {
      id: 'SAGEM_ID_7589',
      holdRequests: true,
      noMoreRequests: false,
      sessionTimeout: 45,
      supportedCwmpVersions: ['1.0', '1.2', '1.4'],
      useCwmpVersion: '1.4',
    };
    const xml = encodeEnvelope({
      namespace: 'urn:dslforum-org:cwmp-1-2',
      header,
      message: SAMPLES.GetRPCMethods,
    });
    expect(decodeEnvelope(xml)).toMatchObject({ ok: true, value: { header } });
  });

  it('refuses to decode a message from the side that never sends it', () => {
    const xml = encodeEnvelope({ message: SAMPLES.Reboot });
    expect(decodeEnvelope(xml, { from: 'cpe' })).toMatchObject({
      ok: false,
      error: { code: 'WRONG_DIRECTION' },
    });
    expect(decodeEnvelope(xml, { from: 'acs' }).ok).toBe(true);
  });
});
