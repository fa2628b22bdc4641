export * from './quirk-profile';
export { resolveQuirks } from './resolve';
export { validateQuirkProfiles } from './validate';
export type { QuirkProfileError, QuirkProfilesValidation } from './validate';
export { BUILT_IN_QUIRK_PROFILES } from './built-in';
