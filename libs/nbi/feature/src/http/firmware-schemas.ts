import { Type } from '@sinclair/typebox';
import { METADATA_LIMITS } from '@acs/firmware-domain';

/** Request and response shapes of the firmware routes (the image library). */

const patterns = (what: string) =>
  Type.Array(Type.String({ minLength: 1, maxLength: METADATA_LIMITS.patternLength }), {
    maxItems: METADATA_LIMITS.listLength,
    description: `${what} patterns: \`*\` any run of characters, \`?\` one, without case; absent or empty: any`,
  });

export const ApplicabilityRulesSchema = Type.Object(
  {
    ouis: Type.Array(Type.String({ pattern: '^[0-9A-F]{6}$' }), {
      minItems: 1,
      maxItems: METADATA_LIMITS.listLength,
      description: 'ManufacturerOUIs the image is for, exact (6 upper-case hex digits)',
    }),
    productClasses: Type.Optional(patterns('ProductClass')),
    hardwareVersions: Type.Optional(patterns('HardwareVersion')),
    appliesOver: Type.Optional(
      Type.String({
        maxLength: METADATA_LIMITS.constraintLength,
        description:
          'The SoftwareVersions it may be installed over: `2.x`, `>=2.0 <3.0`, `1.x || >=2.5`, `*`',
      }),
    ),
    allowDowngrade: Type.Optional(
      Type.Boolean({
        description: 'May replace a newer version when a group targets it (default: never)',
      }),
    ),
  },
  { $id: 'FirmwareApplicabilityRules', additionalProperties: false },
);

export const ImageMetadataBody = Type.Object(
  {
    version: Type.String({ minLength: 1, maxLength: METADATA_LIMITS.versionLength }),
    fileType: Type.String({
      minLength: 1,
      maxLength: 64,
      description: 'CWMP Download FileType: `1 Firmware Upgrade Image`, ..., or `X <OUI> <name>`',
    }),
    releaseNotes: Type.Optional(Type.String({ maxLength: METADATA_LIMITS.releaseNotesLength })),
    rules: ApplicabilityRulesSchema,
  },
  { $id: 'FirmwareImageMetadata', additionalProperties: false },
);

export const FirmwareImageSchema = Type.Composite(
  [
    ImageMetadataBody,
    Type.Object({
      id: Type.String(),
      createdAt: Type.String({ description: 'ISO 8601, UTC' }),
      content: Type.Optional(
        Type.Object({
          size: Type.Integer({ minimum: 0, description: 'Bytes, as stored' }),
          sha256: Type.String({ description: 'Lower-case hex SHA-256, computed while stored' }),
          storedAt: Type.String({ description: 'ISO 8601, UTC' }),
        }),
      ),
    }),
  ],
  { $id: 'FirmwareImage', additionalProperties: false },
);

export const FirmwareImagePageSchema = Type.Object(
  { images: Type.Array(FirmwareImageSchema), total: Type.Integer({ minimum: 0 }) },
  { $id: 'FirmwareImagePage' },
);

export const ImageIdParams = Type.Object(
  { imageId: Type.String({ minLength: 1, maxLength: 64, description: 'Image id' }) },
  { additionalProperties: false },
);

export const DeviceFirmwareParams = Type.Object(
  { deviceId: Type.String({ minLength: 1, maxLength: 256, description: 'Device id' }) },
  { additionalProperties: false },
);

export const DeviceFirmwareQuery = Type.Object(
  {
    targetVersion: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: METADATA_LIMITS.versionLength,
        description: "The version the device's group should run; absent: the newest that applies",
      }),
    ),
  },
  { additionalProperties: false },
);

const DeviceModelSchema = Type.Object({
  oui: Type.String(),
  productClass: Type.Optional(Type.String()),
  hardwareVersion: Type.Optional(Type.String()),
});

export const DeviceImageChoiceSchema = Type.Object(
  {
    device: Type.Composite([
      DeviceModelSchema,
      Type.Object({ softwareVersion: Type.Optional(Type.String()) }),
    ]),
    outcome: Type.Union([Type.Literal('install'), Type.Literal('current'), Type.Literal('none')], {
      description:
        '`install`: the device should get `image`; `current`: it runs `image` already; `none`: see `reason`',
    }),
    image: Type.Optional(FirmwareImageSchema),
    reason: Type.Optional(
      Type.String({
        description:
          'no-image-for-model, target-not-in-library, no-newer-image, not-over-current, downgrade, unknown-current-version',
      }),
    ),
  },
  { $id: 'FirmwareImageChoice' },
);

export const UnmatchedImagesSchema = Type.Object(
  {
    images: Type.Array(FirmwareImageSchema, {
      description: 'Images whose rules name no OUI, ProductClass and HardwareVersion of the fleet',
    }),
    models: Type.Array(DeviceModelSchema, { description: "The fleet's distinct models" }),
  },
  { $id: 'FirmwareUnmatchedImages' },
);
