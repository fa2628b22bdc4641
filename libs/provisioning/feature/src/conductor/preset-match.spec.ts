import type { Preset } from '@acs/contracts';
import { nextWindowStart, presetApplies, withinSchedule } from './preset-match';

const device = {
  deviceId: 'd',
  oui: '0253AC',
  productClass: 'SimGateway-181',
  serialNumber: 'SN1',
  manufacturer: 'x',
  tags: ['gold'],
  dataModelRoot: 'Device.' as const,
  parameters: { 'Device.DeviceInfo.SoftwareVersion': { object: false, value: '2.1' } },
};
const preset = (match: Preset['match']): Preset => ({
  id: 'p',
  version: 1,
  createdAt: '',
  updatedAt: '',
  name: 'p',
  configurationId: 'c',
  precedence: 1,
  match,
});
const at = new Date('2026-11-21T23:30:00Z'); // a Saturday

describe('preset matching', () => {
  it('matches on inform events, tags and parameter values with the device API semantics', () => {
    const session = { eventCodes: ['1 BOOT'], now: at };
    expect(presetApplies(preset({ events: ['0 BOOTSTRAP', '1 BOOT'] }), session, device)).toBe(
      true,
    );
    expect(presetApplies(preset({ events: ['0 BOOTSTRAP'] }), session, device)).toBe(false);
    expect(presetApplies(preset({ filter: { tags: 'gold' } }), session, device)).toBe(true);
    const version = { 'parameters.Device.DeviceInfo.SoftwareVersion': { $in: ['2.1', '2.2'] } };
    expect(presetApplies(preset({ filter: version }), session, device)).toBe(true);
    expect(presetApplies(preset({ filter: { tags: 'bronze' } }), session, device)).toBe(false);
    expect(presetApplies({ ...preset({}), enabled: false }, session, device)).toBe(false);
  });

  it('applies a schedule window over midnight to the day it started on', () => {
    const nightly = { from: '23:00', to: '02:00', daysOfWeek: [6] };
    expect(withinSchedule(nightly, at)).toBe(true);
    expect(withinSchedule(nightly, new Date('2026-11-22T01:00:00Z'))).toBe(true);
    expect(withinSchedule(nightly, new Date('2026-11-22T23:30:00Z'))).toBe(false);
    expect(new Date(nextWindowStart(nightly, at)).toISOString()).toBe('2026-11-28T23:00:00.000Z');
  });
});
