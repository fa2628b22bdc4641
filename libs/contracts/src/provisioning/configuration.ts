import { Static, Type } from '@sinclair/typebox';
import { XSD_TYPES } from '@acs/cwmp-codec';
import {
  DownloadPayloadSchema,
  ParameterNameSchema,
  ParameterPathSchema,
  SubtreePathSchema,
} from '../tasks/task-payloads';
import { validatorFor } from '../validation';

/**
 * A configuration: the state a device should be in, declared rather than scripted. Provisioning
 * compares it with what the device is known to hold and sends only the RPCs that close the gap.
 *
 * String values may be templates: `{{param:Device.DeviceInfo.SerialNumber}}` (the device's own
 * parameter), `{{device:serialNumber}}` (an identity field: oui, productClass, serialNumber,
 * manufacturer, deviceId), `{{tag:<prefix>}}` (the rest of the first tag starting with
 * `<prefix>`), `{{subscriber:wifi.ssid}}` (a field of the device's subscriber data). A template
 * that cannot be filled is a configuration fault on that device, never an empty value sent.
 */
const ValueSchema = Type.Union([Type.String({ maxLength: 65_535 }), Type.Number(), Type.Boolean()]);
const XsdTypeSchema = Type.Union(XSD_TYPES.map((name) => Type.Literal(name)));

/** A relative parameter name inside an object instance: `SSID`, `Security.KeyPassphrase`. */
const RelativeNameSchema = Type.String({
  minLength: 1,
  maxLength: 256,
  pattern: '^[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*$',
});

export const DesiredParameterSchema = Type.Object(
  { path: ParameterNameSchema, value: ValueSchema, type: Type.Optional(XsdTypeSchema) },
  { additionalProperties: false, $id: 'DesiredParameter' },
);

/**
 * Instances of a multi-instance object identified by key parameters, not by instance number
 * (which differs between devices): "the port mapping whose ExternalPort is 8080 and Protocol TCP".
 * `present`: every instance matching the key gets `values`, and one is created (AddObject, then
 * the key and values set) when none matches, unless `create` is false. `absent`: every matching
 * instance is deleted.
 */
export const DesiredObjectSchema = Type.Object(
  {
    /** The multi-instance object, ending with a dot: `Device.NAT.PortMapping.`. */
    path: SubtreePathSchema,
    key: Type.Record(RelativeNameSchema, ValueSchema, { minProperties: 1 }),
    values: Type.Optional(Type.Record(RelativeNameSchema, ValueSchema)),
    ensure: Type.Optional(Type.Union([Type.Literal('present'), Type.Literal('absent')])),
    create: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, $id: 'DesiredObject' },
);

/** Re-read a subtree when what is known of it is older than `maxAgeSeconds` (or unknown). */
export const RefreshPolicySchema = Type.Object(
  { path: SubtreePathSchema, maxAgeSeconds: Type.Integer({ minimum: 60 }) },
  { additionalProperties: false, $id: 'RefreshPolicy' },
);

export const DesiredNotificationSchema = Type.Object(
  {
    path: ParameterPathSchema,
    notification: Type.Union([Type.Literal(0), Type.Literal(1), Type.Literal(2)]),
  },
  { additionalProperties: false, $id: 'DesiredNotification' },
);

/**
 * Done once per device and configuration (identified by `id`): provisioning queues it as a task,
 * so it runs like an operator's task, with retries, and is never repeated once queued.
 */
export const OneOffActionSchema = Type.Union(
  [
    Type.Object(
      { id: Type.String({ minLength: 1, maxLength: 64 }), type: Type.Literal('reboot') },
      { additionalProperties: false },
    ),
    Type.Object(
      { id: Type.String({ minLength: 1, maxLength: 64 }), type: Type.Literal('factoryReset') },
      { additionalProperties: false },
    ),
    Type.Object(
      {
        id: Type.String({ minLength: 1, maxLength: 64 }),
        type: Type.Literal('download'),
        payload: DownloadPayloadSchema,
      },
      { additionalProperties: false },
    ),
  ],
  { $id: 'OneOffAction' },
);

const TagNameSchema = Type.String({ minLength: 1, maxLength: 128 });

/** What an operator sends to create or replace a configuration. */
export const ConfigurationBodySchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 128 }),
    description: Type.Optional(Type.String({ maxLength: 1024 })),
    parameters: Type.Optional(Type.Array(DesiredParameterSchema, { maxItems: 1000 })),
    objects: Type.Optional(Type.Array(DesiredObjectSchema, { maxItems: 200 })),
    /** Multi-instance objects whose instances matching no `present` declaration are deleted. */
    removeUndeclared: Type.Optional(Type.Array(SubtreePathSchema, { maxItems: 50 })),
    refresh: Type.Optional(Type.Array(RefreshPolicySchema, { maxItems: 50 })),
    notifications: Type.Optional(Type.Array(DesiredNotificationSchema, { maxItems: 1000 })),
    tags: Type.Optional(
      Type.Object(
        {
          add: Type.Optional(Type.Array(TagNameSchema, { maxItems: 50 })),
          remove: Type.Optional(Type.Array(TagNameSchema, { maxItems: 50 })),
        },
        { additionalProperties: false },
      ),
    ),
    actions: Type.Optional(Type.Array(OneOffActionSchema, { maxItems: 20 })),
  },
  { additionalProperties: false, $id: 'ConfigurationBody' },
);
export type ConfigurationBody = Static<typeof ConfigurationBodySchema>;

const versioned = {
  id: Type.String({ minLength: 1 }),
  /** 1 on creation, one more on every change; a change names the version it replaces. */
  version: Type.Integer({ minimum: 1 }),
  createdAt: Type.String(),
  updatedAt: Type.String(),
};

export const ConfigurationSchema = Type.Composite(
  [ConfigurationBodySchema, Type.Object(versioned)],
  {
    additionalProperties: false,
    $id: 'Configuration',
  },
);
export type Configuration = Static<typeof ConfigurationSchema>;

/** A daily window (UTC) in which a preset applies, on some days of the week (0 = Sunday). */
export const PresetScheduleSchema = Type.Object(
  {
    daysOfWeek: Type.Optional(
      Type.Array(Type.Integer({ minimum: 0, maximum: 6 }), { minItems: 1, maxItems: 7 }),
    ),
    /** `HH:MM`, UTC; a window whose end is before its start runs over midnight. */
    from: Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' }),
    to: Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' }),
  },
  { additionalProperties: false, $id: 'PresetSchedule' },
);

/** Which devices a preset applies to; every given condition must hold. */
export const PresetMatchSchema = Type.Object(
  {
    /** A device filter as the device API takes it (identity, tags, `parameters.<path>`). */
    filter: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    /** Inform event codes, any of which opens the preset (`0 BOOTSTRAP`, `1 BOOT`, ...). */
    events: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 20 }),
    ),
    schedule: Type.Optional(PresetScheduleSchema),
  },
  { additionalProperties: false, $id: 'PresetMatch' },
);

export const PresetBodySchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 128 }),
    configurationId: Type.String({ minLength: 1 }),
    /** Where two presets declare the same thing, the higher precedence wins. */
    precedence: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
    enabled: Type.Optional(Type.Boolean()),
    match: PresetMatchSchema,
    /**
     * Wake matching devices with connection requests after a change, at most `perMinute` a
     * minute, instead of waiting for their next periodic inform.
     */
    wake: Type.Optional(
      Type.Object(
        { perMinute: Type.Integer({ minimum: 1, maximum: 100_000 }) },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false, $id: 'PresetBody' },
);
export type PresetBody = Static<typeof PresetBodySchema>;

export const PresetSchema = Type.Composite([PresetBodySchema, Type.Object(versioned)], {
  additionalProperties: false,
  $id: 'Preset',
});
export type Preset = Static<typeof PresetSchema>;

/** A declared value (a string may be a template). */
export type DesiredValue = Static<typeof ValueSchema>;
export type DesiredParameter = Static<typeof DesiredParameterSchema>;
export type DesiredObject = Static<typeof DesiredObjectSchema>;
export type RefreshPolicy = Static<typeof RefreshPolicySchema>;
export type DesiredNotification = Static<typeof DesiredNotificationSchema>;
export type OneOffAction = Static<typeof OneOffActionSchema>;
export type PresetSchedule = Static<typeof PresetScheduleSchema>;

export const validateConfigurationBody = validatorFor(ConfigurationBodySchema);
export const validatePresetBody = validatorFor(PresetBodySchema);
