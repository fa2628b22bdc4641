import { formatSerial } from './serial';

describe('formatSerial', () => {
  it('pads the ordinal as the pattern says', () => {
    expect(formatSerial('SIM%06d', 42)).toBe('SIM000042');
    expect(formatSerial('CPE-%d-X', 7)).toBe('CPE-7-X');
  });

  it('refuses patterns without exactly one placeholder', () => {
    expect(() => formatSerial('SIM', 1)).toThrow(RangeError);
    expect(() => formatSerial('%d-%d', 1)).toThrow('exactly one');
  });
});
