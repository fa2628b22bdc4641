import type { QuirkProfile } from './quirk-profile';

/**
 * Profiles shipped with the platform. They show the shape of the behaviour CWMP.md lists as
 * seen in real fleets (booleans sent as 1/0, no GetParameterNames on the root, NextLevel as a
 * digit) without claiming any vendor does it: they match a locally administered placeholder OUI
 * (`020000`, assigned to no manufacturer). Operators add their own profiles for real device
 * classes; a later, more specific profile overrides these field by field.
 */
export const BUILT_IN_QUIRK_PROFILES: readonly QuirkProfile[] = Object.freeze([
  {
    id: 'example-strict-legacy-cpe',
    description:
      'Example: a CPE stack that rejects true/false booleans and NextLevel as a word, and must ' +
      'not be asked GetParameterNames on its data-model root.',
    match: { oui: ['020000'] },
    encode: { booleansAsDigits: true, nextLevelAsDigit: true },
    behaviour: { gpnOnRoot: false },
  },
  {
    id: 'example-no-partial-path-gpv',
    description:
      'Example: firmware of the same placeholder class that cannot answer GetParameterValues of ' +
      'a partial path and chokes on large batches.',
    match: { oui: ['020000'], productClass: ['ExampleCPE-*'], softwareVersion: '1.*' },
    behaviour: { partialPathGpv: false, gpvBatchSize: 16, spvBatchSize: 8 },
  },
]);
