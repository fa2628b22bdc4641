import { Type } from '@sinclair/typebox';
import {
  AcsRequestMessageSchema,
  ConfigurationBodySchema,
  ConfigurationSchema,
  DesiredObjectSchema,
  DesiredParameterSchema,
  PresetBodySchema,
  PresetSchema,
  SubscriberRecordSchema,
} from '@acs/contracts';

/** Request and response shapes of the provisioning routes (configurations, presets, subscribers). */

export const MAX_SUBSCRIBERS_PER_REQUEST = 1000;

const documentId = (what: string) =>
  Type.String({ minLength: 1, maxLength: 64, description: `${what} id` });

export const ConfigurationIdParams = Type.Object(
  { configurationId: documentId('Configuration') },
  { additionalProperties: false },
);

export const PresetIdParams = Type.Object(
  { presetId: documentId('Preset') },
  { additionalProperties: false },
);

export const SubscriberIdParams = Type.Object(
  { subscriberId: Type.String({ minLength: 1, maxLength: 128, description: 'Subscriber id' }) },
  { additionalProperties: false },
);

/** The version a change replaces: optimistic concurrency, carried in the body. */
const expectedVersion = Type.Integer({
  minimum: 1,
  description:
    'The version this replaces (the `version` last read). When another change came first, the ' +
    'answer is 409 version-conflict with `currentVersion`.',
});

export const ConfigurationReplacementBody = Type.Composite(
  [ConfigurationBodySchema, Type.Object({ version: expectedVersion })],
  { additionalProperties: false, $id: 'ConfigurationReplacement' },
);

export const PresetReplacementBody = Type.Composite(
  [PresetBodySchema, Type.Object({ version: expectedVersion })],
  { additionalProperties: false, $id: 'PresetReplacement' },
);

/** DELETE's optional guard: delete only while the document is at this version. */
export const DeleteVersionedQuery = Type.Object(
  {
    version: Type.Optional(
      Type.Integer({
        minimum: 1,
        description: 'Delete only while this is the current version (409 otherwise)',
      }),
    ),
  },
  { additionalProperties: false },
);

export const ConfigurationPageSchema = Type.Object({
  configurations: Type.Array(ConfigurationSchema),
  total: Type.Integer({ minimum: 0 }),
});

export const ConfigurationVersionsSchema = Type.Object({
  versions: Type.Array(ConfigurationSchema, { description: 'Newest first' }),
});

export const PreviewQuery = Type.Object(
  { configurationId: documentId('Configuration') },
  { additionalProperties: false },
);

const declaredValue = Type.Union([Type.String(), Type.Number(), Type.Boolean()]);

export const ConfigurationPreviewSchema = Type.Object(
  {
    deviceId: Type.String(),
    configurationId: Type.String(),
    configurationVersion: Type.Integer({ minimum: 1 }),
    outcome: Type.Union(
      [
        Type.Literal('converges'),
        Type.Literal('does-not-converge'),
        Type.Literal('template-fault'),
      ],
      {
        description:
          'converges: the RPCs bring the device to the configuration; does-not-converge: a ' +
          'session would stop after them and raise `message` as a fault; template-fault: a ' +
          'template cannot be filled on this device (`template`, `message`), nothing would be sent',
      },
    ),
    message: Type.Optional(Type.String()),
    template: Type.Optional(Type.String()),
    quirkProfiles: Type.Array(Type.String(), {
      description: 'The quirk profiles the device class matches: they shape the RPCs',
    }),
    parameters: Type.Array(
      Type.Composite([
        DesiredParameterSchema,
        Type.Object({ current: Type.Optional(Type.Union([declaredValue, Type.Null()])) }),
      ]),
      { description: 'Each declared value with its templates filled, beside the stored one' },
    ),
    objects: Type.Array(DesiredObjectSchema, { description: 'Templates filled' }),
    rpcs: Type.Array(Type.Object({ purpose: Type.String(), request: AcsRequestMessageSchema }), {
      description:
        'In the order a session sends them; reads assumed answered with what is stored ' +
        '(what is not stored taken as absent), changes assumed accepted',
    }),
  },
  { $id: 'ConfigurationPreview' },
);

export const PresetPageSchema = Type.Object({
  presets: Type.Array(PresetSchema),
  total: Type.Integer({ minimum: 0 }),
});

export const PresetVersionsSchema = Type.Object({
  versions: Type.Array(PresetSchema, { description: 'Newest first' }),
});

export const SubscriberBatchBody = Type.Object(
  {
    subscribers: Type.Array(SubscriberRecordSchema, {
      minItems: 1,
      maxItems: MAX_SUBSCRIBERS_PER_REQUEST,
      description:
        'Each replaces the record of its subscriberId; each names its device by deviceId, or ' +
        'serialNumber (and oui). All are stored, or none.',
    }),
  },
  { additionalProperties: false, $id: 'SubscriberBatch' },
);

export const SubscriberBatchResult = Type.Object({
  upserted: Type.Integer({ minimum: 0 }),
});

export const SubscriberPageSchema = Type.Object({
  subscribers: Type.Array(SubscriberRecordSchema),
  total: Type.Integer({ minimum: 0 }),
});
