import { describe, expect, it } from '@jest/globals';
import { DEFAULT_ENCODE_OPTIONS } from '@acs/cwmp-codec';
import { BUILT_IN_QUIRK_PROFILES } from './built-in';
import { DEFAULT_QUIRK_BEHAVIOUR, type QuirkProfile } from './quirk-profile';
import { resolveQuirks } from './resolve';
import { validateQuirkProfiles } from './validate';

const profiles: QuirkProfile[] = [
  {
    id: 'fw-3.1',
    description: '',
    match: { oui: ['00AABB'], productClass: ['HG8*'], softwareVersion: '3.1.*' },
    behaviour: { spvBatchSize: 4 },
  },
  {
    id: 'vendor',
    description: '',
    match: { oui: ['00aabb'] },
    behaviour: { spvBatchSize: 16, gpnOnRoot: false },
    encode: { booleansAsDigits: true },
  },
  { id: 'everyone', description: '', match: {}, behaviour: { gpvBatchSize: 50 } },
];

describe('resolveQuirks', () => {
  it('gives the defaults to a device no profile matches', () => {
    expect(resolveQuirks({ oui: '112233', productClass: 'X' }, profiles.slice(0, 2))).toEqual({
      encode: DEFAULT_ENCODE_OPTIONS,
      behaviour: DEFAULT_QUIRK_BEHAVIOUR,
      matched: [],
    });
  });

  it('applies every matching profile, the more specific overriding the less, whatever the list order', () => {
    const resolved = resolveQuirks(
      { oui: '00AABB', productClass: 'HG8245H', softwareVersion: '3.1.7' },
      profiles,
    );
    expect(resolved.matched).toEqual(['everyone', 'vendor', 'fw-3.1']);
    expect(resolved.behaviour).toEqual({
      gpvBatchSize: 50,
      spvBatchSize: 4,
      gpnOnRoot: false,
      partialPathGpv: true,
      ownConnectionRequestCredentials: false,
    });
    expect(resolved.encode.booleansAsDigits).toBe(true);
  });

  it('does not match a version pattern when the device reports another version or none', () => {
    for (const identity of [
      { oui: '00AABB', productClass: 'HG8245H', softwareVersion: '3.10.1' },
      { oui: '00AABB', productClass: 'HG8245H' },
      { oui: '00AABB', productClass: 'XG8245H', softwareVersion: '3.1.7' },
    ])
      expect(resolveQuirks(identity, profiles).matched).toEqual(['everyone', 'vendor']);
  });

  it('lets the later of two equally specific profiles win', () => {
    const a: QuirkProfile = {
      id: 'a',
      description: '',
      match: { oui: ['00AABB'] },
      behaviour: { spvBatchSize: 1 },
    };
    const b: QuirkProfile = {
      id: 'b',
      description: '',
      match: { oui: ['00AABB'] },
      behaviour: { spvBatchSize: 2 },
    };
    expect(resolveQuirks({ oui: '00AABB', productClass: 'X' }, [a, b]).behaviour.spvBatchSize).toBe(
      2,
    );
  });

  it('ships example profiles that only touch the placeholder OUI', () => {
    expect(validateQuirkProfiles(structuredClone([...BUILT_IN_QUIRK_PROFILES])).ok).toBe(true);
    const example = resolveQuirks(
      { oui: '020000', productClass: 'ExampleCPE-1', softwareVersion: '1.4' },
      BUILT_IN_QUIRK_PROFILES,
    );
    expect(example.encode).toMatchObject({ booleansAsDigits: true, nextLevelAsDigit: true });
    expect(example.behaviour).toMatchObject({
      gpnOnRoot: false,
      partialPathGpv: false,
      spvBatchSize: 8,
    });
    expect(
      resolveQuirks({ oui: '0253AC', productClass: 'SimGateway-181' }, BUILT_IN_QUIRK_PROFILES)
        .matched,
    ).toEqual([]);
  });
});

describe('validateQuirkProfiles', () => {
  it('accepts a well-formed list', () => {
    expect(validateQuirkProfiles(profiles)).toEqual({ ok: true, value: profiles });
  });

  it('refuses misspelt fields, bad OUIs, zero batch sizes and duplicate ids, saying where', () => {
    const refused = (input: unknown) => {
      const result = validateQuirkProfiles(input);
      return result.ok ? [] : result.errors.map((e) => e.path);
    };
    expect(refused([{ id: 'x', description: '', match: {}, behavior: {} }])).toContain(
      '/0/behavior',
    );
    expect(refused([{ id: 'x', description: '', match: { oui: ['00AAB'] } }])).toContain(
      '/0/match/oui/0',
    );
    expect(
      refused([{ id: 'x', description: '', match: {}, behaviour: { spvBatchSize: 0 } }]),
    ).toContain('/0/behaviour/spvBatchSize');
    expect(
      refused([{ id: 'x', description: '', match: {}, encode: { booleansAsDigits: 'yes' } }]),
    ).toContain('/0/encode/booleansAsDigits');
    expect(refused([profiles[0], profiles[0]])).toEqual(['/1/id']);
    expect(refused({ id: 'x' })).toEqual(['/']);
  });
});
