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

/** 64 MiB: configuration backups and logs are kilobytes to a few megabytes. */
export const DEFAULT_MAX_UPLOAD_BYTES = 64 * 1024 * 1024;

/**
 * What signs the URLs and credentials handed to CPEs: the file server's origin and the keys. The
 * firmware service and provisioning (whose API asks for backups and restores) share them.
 */
export function firmwareLinkSettingsEnv() {
  return {
    /**
     * The origin CPEs reach the file server at (`http://files.isp.example:7567`): what download
     * URLs start with. Absent: this host's address and the port, good for a lab only.
     */
    firmwareFileUrl: Type.Optional(
      Type.String({ env: 'FIRMWARE_FILE_URL', pattern: '^https?://[^/]+/?$' }),
    ),
    /** The key download URLs and upload credentials are signed with (16+ characters). */
    firmwareGrantSecret: Type.Optional(
      Type.String({ env: 'FIRMWARE_GRANT_SECRET', minLength: 16 }),
    ),
    /** The key before a rotation, still accepted for the URLs already handed out. */
    firmwareGrantSecretPrevious: Type.Optional(
      Type.String({ env: 'FIRMWARE_GRANT_SECRET_PREVIOUS', minLength: 16 }),
    ),
  };
}

/** The CPE-facing file server's and the campaign engine's settings (read by @acs/config). */
export function fileServerSettingsEnv() {
  return {
    firmwareFilePort: Type.Integer({
      env: 'FIRMWARE_FILE_PORT',
      default: 7567,
      minimum: 0,
      maximum: 65535,
    }),
    firmwareFileHost: Type.String({ env: 'FIRMWARE_FILE_HOST', default: '0.0.0.0' }),
    ...firmwareLinkSettingsEnv(),
    firmwareUploadMaxBytes: Type.Integer({
      env: 'FIRMWARE_UPLOAD_MAX_BYTES',
      default: DEFAULT_MAX_UPLOAD_BYTES,
      minimum: 1,
    }),
    /** How often the campaign engine advances the rollouts. */
    campaignTickMs: Type.Integer({
      env: 'FIRMWARE_CAMPAIGN_TICK_MS',
      default: 1_000,
      minimum: 50,
      maximum: 60_000,
    }),
  };
}
