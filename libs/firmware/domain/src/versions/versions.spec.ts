import { compareVersions, type VersionOrder } from './compare-versions';
import { parseVersionConstraint, InvalidVersionConstraintError } from './version-constraint';

describe('compareVersions', () => {
  // [a, b, order of a against b]; each case is also checked the other way round.
  const cases: [string, string, VersionOrder | undefined][] = [
    ['1.0', '1.0', 0],
    ['2.0', '2.0.0', 0],
    ['2.0', '2.0.0.0', 0],
    ['v2.1', '2.1', 0],
    ['V2.1.0', 'v2.1', 0],
    ['1.02', '1.2', 0],
    ['1.0.010', '1.0.10', 0],
    ['2.0-RC1', '2.0.rc1', 0],
    ['2.0-rc1', '2.0rc1', 0],
    ['3.10', '3.9', 1],
    ['3.10.0', '3.9.99', 1],
    ['1.10', '1.9.9', 1],
    ['2.0.1', '2.0', 1],
    ['10.0', '9.99.99', 1],
    ['2.0-alpha', '2.0-beta', -1],
    ['2.0-beta2', '2.0-beta10', -1],
    ['2.0-beta10', '2.0-rc1', -1],
    ['2.0-rc1', '2.0-rc2', -1],
    ['2.0-rc2', '2.0', -1],
    ['2.0-rc2', '2.0.0', -1],
    ['2.0-dev', '2.0-alpha', -1],
    ['2.0-snapshot', '2.0', -1],
    ['1.9', '2.0-rc1', -1],
    ['2.0', '2.0b', -1],
    ['1.2a', '1.2b', -1],
    ['2.0b', '2.0.1', -1],
    ['2.0', '2.0_build45', -1],
    ['2.0_build45', '2.0_build46', -1],
    ['2.0_build99', '2.0.1', -1],
    ['4.1_build45', '4.1-rc3', 1],
    ['V300R019C10', 'V300R019C10SPC120', -1],
    ['V300R019C10SPC120', 'V300R019C10SPC200', -1],
    ['V300R019C10SPC200', 'V300R019C20', -1],
    ['V300R019C10SPC120', 'V300R020C00SPC100', -1],
    ['V300R019C10SPC120', 'v300r019c10spc120', 0],
    ['1.0.0.20230115', '1.0.0.20231201', -1],
    ['2023.01.15', '2022.12.31', 1],
    ['1.0.0 build 20230115', '1.0.0 build 20230116', -1],
    ['1.0.0+45', '1.0.0+46', -1],
    ['18446744073709551617.0', '18446744073709551616.9', 1],
    // Unordered: no convention says which word is newer, nor where a non-number stands.
    ['2.0-lte', '2.0-gpon', undefined],
    ['V300R019C10B010', 'V300R019C10SPC120', undefined],
    ['2.0-rc1', '2.0-preview1', 1],
    ['2.0-pre1', '2.0-preview1', undefined],
    ['GPON-A', '1.0', undefined],
    ['GPON-A', 'gpon-a', 0],
    ['GPON-A', 'GPON-B', undefined],
    ['', '1.0', undefined],
  ];

  it.each(cases)('%s against %s is %s', (a, b, order) => {
    expect(compareVersions(a, b)).toBe(order);
    const reverse = order === undefined ? undefined : order === 0 ? 0 : -order;
    expect(compareVersions(b, a)).toBe(reverse);
  });

  it('sorts a real vendor series into release order', () => {
    const series = ['2.0.1', '2.0', '2.0-rc1', '1.10.2', '1.9', '2.0-beta3', '2.0b', 'v1.10'];
    const sorted = [...series].sort((a, b) => compareVersions(a, b) ?? 0);
    expect(sorted).toEqual([
      '1.9',
      'v1.10',
      '1.10.2',
      '2.0-beta3',
      '2.0-rc1',
      '2.0',
      '2.0b',
      '2.0.1',
    ]);
  });
});

describe('parseVersionConstraint', () => {
  const cases: [string, string, boolean][] = [
    ['', '1.0', true],
    ['*', 'GPON-A', true],
    ['2.x', '2.0', true],
    ['2.x', '2.9.1-rc1', true],
    ['2.x', 'v2.3', true],
    ['2.x', '3.0', false],
    ['2.x', '12.0', false],
    ['2.*', '2.1', true],
    ['2.1.x', '2.1.7', true],
    ['2.1.x', '2.10.0', false],
    ['2.x', 'GPON-A', false],
    ['>=2.0 <3.0', '2.5', true],
    ['>=2.0 <3.0', '3.0', false],
    ['>=2.0 <3.0', '2.0-rc1', false],
    ['>=2.0', '2.0.0', true],
    ['>1.4.2', '1.4.2', false],
    ['>1.4.2', '1.4.10', true],
    ['<=1.4', '1.4.0', true],
    ['=2.1', 'v2.1.0', true],
    ['2.1', '2.1.0', true],
    ['!=2.2', '2.2.0', false],
    ['!=2.2', '2.3', true],
    ['1.x || >=2.5', '1.7', true],
    ['1.x || >=2.5', '2.4', false],
    ['1.x || >=2.5', '2.5', true],
    ['>=2.0', '2.0-lte', true],
    ['>=2.0-gpon', '2.0-lte', false],
    ['!=2.0-gpon', '2.0-lte', false],
  ];

  it.each(cases)('%j holds for %s: %s', (constraint, version, holds) => {
    expect(parseVersionConstraint(constraint)(version)).toBe(holds);
  });

  it.each(['>=', '>= 2.0', '>=abc', '2.0 ||', '|| 1.0', '<x.y'])(
    'refuses %j, naming it',
    (constraint) => {
      expect(() => parseVersionConstraint(constraint)).toThrow(InvalidVersionConstraintError);
    },
  );
});
