import { formatSerial } from '../runtime/serial';
import {
  checkFirmwareFailures,
  FirmwareFailure,
  firmwareFailureFor,
  serialPosition,
} from './failures';

const serials = Array.from({ length: 10_000 }, (_, ordinal) => formatSerial('SIM%06d', ordinal));
const device = (serial: string, productClass = 'X') => ({ serial, productClass });

describe('firmware failure rules', () => {
  it('picks about the share asked for, the same devices every time', () => {
    const rules: FirmwareFailure[] = [{ share: 0.3, mode: '9010' }];
    const picked = serials.filter((serial) => firmwareFailureFor(rules, device(serial), '2.1.0'));
    expect(picked.length / serials.length).toBeGreaterThan(0.28);
    expect(picked.length / serials.length).toBeLessThan(0.32);
    const again = serials.filter((serial) => firmwareFailureFor(rules, device(serial), '2.1.0'));
    expect(again).toEqual(picked);
    expect(serialPosition('SIM000001')).toBe(serialPosition('SIM000001'));
  });

  it('gives rules disjoint bands, so shares add up', () => {
    const rules: FirmwareFailure[] = [
      { share: 0.2, mode: '9010' },
      { share: 0.1, mode: 'no-transfer-complete' },
    ];
    const modes = serials.map((serial) => firmwareFailureFor(rules, device(serial), '1')?.mode);
    const count = (mode: string) => modes.filter((entry) => entry === mode).length;
    expect(count('9010') / serials.length).toBeCloseTo(0.2, 1);
    expect(count('no-transfer-complete') / serials.length).toBeCloseTo(0.1, 1);
  });

  it('applies only to the ProductClass and version the rule names', () => {
    const rules: FirmwareFailure[] = [
      { share: 1, mode: '9010', productClass: 'X', onlyVersion: '2.1.0' },
    ];
    expect(firmwareFailureFor(rules, device('SIM000001', 'X'), '2.1.0')?.mode).toBe('9010');
    expect(firmwareFailureFor(rules, device('SIM000001', 'Y'), '2.1.0')).toBeUndefined();
    expect(firmwareFailureFor(rules, device('SIM000001', 'X'), '2.2.0')).toBeUndefined();
    expect(firmwareFailureFor(rules, device('SIM000001', 'X'), undefined)).toBeUndefined();
  });

  it('refuses shares out of range, shares over 1 in all, and unknown modes', () => {
    expect(() => checkFirmwareFailures([{ share: 1.5, mode: '9010' }])).toThrow(RangeError);
    expect(() =>
      checkFirmwareFailures([
        { share: 0.6, mode: '9010' },
        { share: 0.6, mode: '9018' },
      ]),
    ).toThrow(/add up/);
    expect(() => checkFirmwareFailures([{ share: 0.1, mode: 'explode' as '9010' }])).toThrow(
      /unknown firmware failure mode/,
    );
    expect(() => checkFirmwareFailures([{ share: 0.1, mode: '1234' }])).toThrow(RangeError);
    expect(() => checkFirmwareFailures([{ share: 0.1, mode: '9850' }])).not.toThrow();
  });
});
