import { readDateTime } from './date-time';
import { readTypedValue, writeTypedValue } from './typed-value';
import { xsdTypeFromAttribute } from './xsd-types';

describe('tolerant value reading', () => {
  it.each([
    ['xsd:int', 'int'],
    ['xs:unsignedInt', 'unsignedInt'],
    ['cwmp:boolean', 'boolean'],
    ['dateTime', 'dateTime'],
    ['xsd:base64Binary', 'base64'],
    ['SOAP-ENC:base64', 'base64'],
    [undefined, 'string'],
    ['xsd:decimal', 'string'],
  ])('xsi:type %s reads as %s', (attribute, type) => {
    expect(xsdTypeFromAttribute(attribute)).toBe(type);
  });

  it.each([
    ['true', true],
    ['TRUE', true],
    [' 1 ', true],
    ['False', false],
    ['0', false],
  ])('boolean %j is %s', (raw, value) => {
    expect(readTypedValue('boolean', raw)).toEqual({ type: 'boolean', value });
  });

  it('keeps text that does not fit its declared type as a string', () => {
    expect(readTypedValue('unsignedInt', 'n/a')).toEqual({ type: 'string', value: 'n/a' });
    expect(readTypedValue('boolean', 'yes')).toEqual({ type: 'string', value: 'yes' });
  });

  it('keeps an int too large to be exact as the text sent (found by the decode properties)', () => {
    expect(readTypedValue('int', '99999999999999999999')).toEqual({
      type: 'string',
      value: '99999999999999999999',
    });
    expect(readTypedValue('unsignedInt', '9007199254740991')).toEqual({
      type: 'unsignedInt',
      value: 9007199254740991,
    });
  });

  it('keeps 64-bit integers exact', () => {
    expect(readTypedValue('unsignedLong', '18446744073709551615')).toEqual({
      type: 'unsignedLong',
      value: '18446744073709551615',
    });
    expect(readTypedValue('long', ' -0042 ')).toEqual({ type: 'long', value: '-42' });
  });

  it.each([
    ['2026-11-21T10:00:00Z', '2026-11-21T10:00:00Z'],
    ['2026-11-21T10:00:00', '2026-11-21T10:00:00'],
    ['2026-11-21T10:00:00.123456+0100', '2026-11-21T10:00:00.123456+01:00'],
    ['0001-01-01T00:00:00Z', null],
    ['0000-00-00T00:00:00', null],
    ['', null],
    ['yesterday', undefined],
  ])('dateTime %j reads as %j', (raw, expected) => {
    expect(readDateTime(raw)).toBe(expected);
  });

  it('writes booleans and dateTimes in the form a device class asks for', () => {
    const digits = { booleansAsDigits: true, dateTimeFractions: false };
    expect(writeTypedValue({ type: 'boolean', value: true }, digits)).toBe('1');
    expect(writeTypedValue({ type: 'dateTime', value: '2026-11-21T10:00:00.5Z' }, digits)).toBe(
      '2026-11-21T10:00:00Z',
    );
    expect(writeTypedValue({ type: 'dateTime', value: null }, digits)).toBe('0001-01-01T00:00:00Z');
    expect(
      writeTypedValue(
        { type: 'boolean', value: false },
        { booleansAsDigits: false, dateTimeFractions: true },
      ),
    ).toBe('false');
  });
});
