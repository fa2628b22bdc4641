import {
  installRefusal,
  rulesMatchModel,
  type ApplicabilityRules,
  type DeviceModel,
} from './applicability';
import { globMatcher } from './glob';

describe('globMatcher', () => {
  const cases: [string, string, boolean][] = [
    ['HG8245H', 'HG8245H', true],
    ['HG8245H', 'hg8245h', true],
    ['HG8245*', 'HG8245H5', true],
    ['HG8245*', 'HG8245', true],
    ['HG8245*', 'XHG8245', false],
    ['HG824?H', 'HG8245H', true],
    ['HG824?H', 'HG82455H', false],
    ['*', '', true],
    ['v1.(a)+', 'v1.(a)+', true],
    ['v1.(a)+', 'v1x(a)', false],
    ['REV [A]', 'REV [A]', true],
    ['REV [A]', 'REV A', false],
  ];
  it.each(cases)('%j matches %j: %s', (pattern, value, matches) => {
    expect(globMatcher(pattern)(value)).toBe(matches);
  });
});

describe('rulesMatchModel', () => {
  const rules: ApplicabilityRules = {
    ouis: ['00259E', 'A0B1C2'],
    productClasses: ['HG8245*', 'EG8145V5'],
    hardwareVersions: ['10C7.A', '10C7.B*'],
  };
  const cases: [string, DeviceModel, boolean][] = [
    [
      'every field matches',
      { oui: '00259E', productClass: 'HG8245H', hardwareVersion: '10C7.A' },
      true,
    ],
    [
      'OUI without case',
      { oui: '00259e', productClass: 'EG8145V5', hardwareVersion: '10C7.B2' },
      true,
    ],
    ['another OUI', { oui: '00259F', productClass: 'HG8245H', hardwareVersion: '10C7.A' }, false],
    [
      'another product class',
      { oui: '00259E', productClass: 'HG8546M', hardwareVersion: '10C7.A' },
      false,
    ],
    [
      'another hardware',
      { oui: '00259E', productClass: 'HG8245H', hardwareVersion: '10C7.C' },
      false,
    ],
    ['no hardware version reported', { oui: '00259E', productClass: 'HG8245H' }, false],
  ];
  it.each(cases)('%s: %j -> %s', (_name, model, matches) => {
    expect(rulesMatchModel(rules, model)).toBe(matches);
  });

  it('takes absent or empty pattern lists as any model of the OUIs', () => {
    expect(rulesMatchModel({ ouis: ['00259E'] }, { oui: '00259E' })).toBe(true);
    expect(
      rulesMatchModel(
        { ouis: ['00259E'], productClasses: [] },
        { oui: '00259E', productClass: 'X' },
      ),
    ).toBe(true);
    expect(rulesMatchModel({ ouis: [] }, { oui: '00259E' })).toBe(false);
  });
});

describe('installRefusal', () => {
  const cases: [string, ApplicabilityRules, string, string | undefined, string | null][] = [
    ['an upgrade', { ouis: ['00259E'] }, '2.1', '2.0', null],
    ['the same version', { ouis: ['00259E'] }, '2.0', 'v2.0.0', null],
    ['a downgrade', { ouis: ['00259E'] }, '2.0', '2.1', 'downgrade'],
    ['a downgrade allowed', { ouis: ['00259E'], allowDowngrade: true }, '2.0', '2.1', null],
    ['unordered versions', { ouis: ['00259E'] }, '2.0-gpon', '2.0-lte', 'downgrade'],
    ['only from 2.x, over 2.4', { ouis: ['00259E'], appliesOver: '2.x' }, '3.0', '2.4', null],
    [
      'only from 2.x, over 1.9',
      { ouis: ['00259E'], appliesOver: '2.x' },
      '3.0',
      '1.9',
      'not-over-current',
    ],
    ['a range', { ouis: ['00259E'], appliesOver: '>=2.2 <3' }, '3.0', '2.1.9', 'not-over-current'],
    ['no current version', { ouis: ['00259E'] }, '3.0', undefined, 'unknown-current-version'],
    [
      'no current version, downgrades allowed',
      { ouis: ['00259E'], allowDowngrade: true },
      '3.0',
      undefined,
      null,
    ],
    [
      'no current version, constrained',
      { ouis: ['00259E'], appliesOver: '2.x', allowDowngrade: true },
      '3.0',
      undefined,
      'unknown-current-version',
    ],
  ];
  it.each(cases)('%s', (_name, rules, imageVersion, current, refusal) => {
    expect(installRefusal(rules, imageVersion, current)).toBe(refusal);
  });
});
