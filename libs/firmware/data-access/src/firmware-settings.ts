import { Type } from '@sinclair/typebox';

/** 512 MiB: above the largest router and ONT images met (tens to a few hundred MiB). */
export const DEFAULT_MAX_IMAGE_BYTES = 512 * 1024 * 1024;

/** The image library's settings, for an app's config schema (read by @acs/config). */
export function firmwareSettingsEnv() {
  return {
    /** The largest image upload taken; a larger one is refused (413) and nothing of it stored. */
    firmwareMaxImageBytes: Type.Integer({
      env: 'FIRMWARE_MAX_IMAGE_BYTES',
      default: DEFAULT_MAX_IMAGE_BYTES,
      minimum: 1,
    }),
  };
}
