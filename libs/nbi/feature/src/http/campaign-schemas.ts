import { Type } from '@sinclair/typebox';
import { CampaignControlActionSchema, StopRuleSchema } from '@acs/contracts';
import { CAMPAIGN_STATES, DEVICE_RUN_STATES, PLAN_LIMITS } from '@acs/firmware-domain';
import { skip } from './schemas';

/** Request and response shapes of the firmware campaign routes. */

const count = (description: string, maximum: number) =>
  Type.Integer({ minimum: 1, maximum, description });
const seconds = (description: string) =>
  Type.Integer({ minimum: 0, maximum: PLAN_LIMITS.maxSeconds, description });

const WavePlanSchema = Type.Union([
  Type.Object(
    { kind: Type.Literal('equal'), count: count('Equal waves', PLAN_LIMITS.maxWaves) },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      kind: Type.Literal('sizes'),
      sizes: Type.Array(Type.Integer({ minimum: 1 }), {
        minItems: 1,
        maxItems: PLAN_LIMITS.maxWaves,
        description: 'Devices per wave; the last wave takes whatever is left',
      }),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      kind: Type.Literal('exponential'),
      initial: Type.Integer({ minimum: 1, description: 'Devices in the first wave' }),
      factor: Type.Number({ minimum: 1, maximum: 10, description: 'Each wave this much larger' }),
    },
    { additionalProperties: false },
  ),
]);

export const CampaignPlanSchema = Type.Object(
  {
    mode: Type.Union([Type.Literal('active'), Type.Literal('passive')], {
      description: 'active: a connection request when its turn comes; passive: at its next Inform',
    }),
    canary: Type.Optional(
      Type.Object(
        {
          share: Type.Optional(Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1 })),
          count: Type.Optional(Type.Integer({ minimum: 1 })),
          soakSeconds: seconds('How long the finished canary is watched before the waves'),
        },
        { additionalProperties: false, description: 'A share or a count of devices first' },
      ),
    ),
    waves: WavePlanSchema,
    waveSoakSeconds: Type.Optional(seconds('A pause between two waves')),
    maxInFlight: count('Most devices between Download and verdict', PLAN_LIMITS.maxInFlight),
    maxPerMinute: count('Most devices started per minute', PLAN_LIMITS.maxPerMinute),
    window: Type.Optional(
      Type.Object(
        {
          start: Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' }),
          end: Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' }),
          timeZone: Type.String({
            minLength: 1,
            maxLength: 64,
            description: "An IANA zone, or `device`: each device's Device.Time.LocalTimeZone",
          }),
          fallbackTimeZone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
        },
        { additionalProperties: false, description: 'End before start crosses midnight' },
      ),
    ),
    stopRules: Type.Array(StopRuleSchema, { maxItems: PLAN_LIMITS.maxStopRules }),
    deadline: Type.Optional(Type.String({ minLength: 20, maxLength: 40, description: 'ISO 8601' })),
    retries: Type.Object(
      {
        max: Type.Integer({ minimum: 0, maximum: PLAN_LIMITS.maxRetries }),
        backoffSeconds: count('Before the first retry; doubled each time', PLAN_LIMITS.maxSeconds),
      },
      { additionalProperties: false },
    ),
    confirmTimeoutSeconds: Type.Integer({ minimum: 10, maximum: PLAN_LIMITS.maxSeconds }),
    confirmByVersionOnly: Type.Optional(
      Type.Boolean({ description: 'For devices that never send TransferComplete' }),
    ),
  },
  { $id: 'FirmwareCampaignPlan', additionalProperties: false },
);

const TargetSchema = Type.Union([
  Type.Object(
    {
      kind: Type.Literal('filter'),
      filter: Type.Record(Type.String(), Type.Unknown(), {
        description: "A device filter in the API's query language",
      }),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      kind: Type.Literal('devices'),
      deviceIds: Type.Array(Type.String({ minLength: 1, maxLength: 256 }), {
        minItems: 1,
        maxItems: 100_000,
      }),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    { kind: Type.Literal('tag'), tag: Type.String({ minLength: 1, maxLength: 128 }) },
    { additionalProperties: false },
  ),
]);

export const CreateCampaignBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 128 }),
    imageId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    targetVersion: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    target: TargetSchema,
    plan: CampaignPlanSchema,
    start: Type.Optional(
      Type.Union([
        Type.Literal('now'),
        Type.Literal('manual'),
        Type.Object(
          { at: Type.String({ minLength: 20, maxLength: 40, description: 'ISO 8601' }) },
          { additionalProperties: false },
        ),
      ]),
    ),
  },
  { $id: 'NewFirmwareCampaign', additionalProperties: false },
);

const stateCounts = (states: readonly string[], optional: boolean) =>
  Type.Object(
    Object.fromEntries(
      states.map((state) => [
        state,
        optional ? Type.Optional(Type.Integer({ minimum: 0 })) : Type.Integer({ minimum: 0 }),
      ]),
    ),
  );

export const CampaignSchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    imageId: Type.Optional(Type.String()),
    targetVersion: Type.String(),
    target: TargetSchema,
    plan: CampaignPlanSchema,
    state: Type.Union(CAMPAIGN_STATES.map((state) => Type.Literal(state))),
    pause: Type.Optional(
      Type.Object({
        by: Type.Union([Type.Literal('operator'), Type.Literal('rule'), Type.Literal('deadline')]),
        at: Type.String(),
        note: Type.Optional(Type.String()),
        rule: Type.Optional(StopRuleSchema),
        ruleIndex: Type.Optional(Type.Integer({ minimum: 0 })),
        observed: Type.Optional(Type.String()),
        devices: Type.Optional(Type.Array(Type.String())),
      }),
    ),
    waveSizes: Type.Array(Type.Integer({ minimum: 1 })),
    currentWave: Type.Integer({ minimum: 0 }),
    soakUntil: Type.Optional(Type.String()),
    startAt: Type.Optional(Type.String()),
    createdAt: Type.String(),
    startedAt: Type.Optional(Type.String()),
    endedAt: Type.Optional(Type.String()),
    devices: stateCounts(DEVICE_RUN_STATES, false),
    waves: Type.Array(stateCounts(DEVICE_RUN_STATES, true), {
      description: 'Devices per state in each wave, the canary first when there is one',
    }),
  },
  { $id: 'FirmwareCampaign' },
);

export const CreatedCampaignSchema = Type.Object(
  {
    campaign: CampaignSchema,
    devices: Type.Integer({ minimum: 1, description: 'Devices in the campaign' }),
    skipped: Type.Object({
      byReason: Type.Record(Type.String(), Type.Integer({ minimum: 1 }), {
        description:
          'Target devices left out: already-current, not-for-model, unknown-model, downgrade, not-over-current, ...',
      }),
      sample: Type.Array(Type.Object({ deviceId: Type.String(), reason: Type.String() })),
    }),
  },
  { $id: 'CreatedFirmwareCampaign' },
);

export const CampaignPageSchema = Type.Object(
  { campaigns: Type.Array(CampaignSchema), total: Type.Integer({ minimum: 0 }) },
  { $id: 'FirmwareCampaignPage' },
);

export const CampaignIdParams = Type.Object(
  { campaignId: Type.String({ minLength: 1, maxLength: 64, description: 'Campaign id' }) },
  { additionalProperties: false },
);

export const ListCampaignsQuery = Type.Object(
  {
    state: Type.Optional(Type.Union(CAMPAIGN_STATES.map((state) => Type.Literal(state)))),
    limit: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000, default: 100 })),
    skip: Type.Optional(skip),
  },
  { additionalProperties: false },
);

export const CampaignControlBody = Type.Union(
  [
    Type.Object(
      {
        action: CampaignControlActionSchema,
        note: Type.Optional(Type.String({ maxLength: 1024 })),
      },
      { additionalProperties: false },
    ),
    Type.Object(
      {
        action: Type.Literal('limits'),
        maxInFlight: Type.Optional(count('New limit', PLAN_LIMITS.maxInFlight)),
        maxPerMinute: Type.Optional(count('New limit', PLAN_LIMITS.maxPerMinute)),
      },
      { additionalProperties: false },
    ),
    Type.Object(
      {
        action: Type.Literal('exclude'),
        productClasses: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { maxItems: 100 })),
        deviceIds: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { maxItems: 10_000 })),
        note: Type.Optional(Type.String({ maxLength: 1024 })),
      },
      { additionalProperties: false },
    ),
    Type.Object(
      {
        action: Type.Literal('rollback'),
        devices: Type.Union([Type.Literal('failed'), Type.Literal('all')], {
          description:
            'failed: the devices that failed in the campaign; all: every device its Download reached',
        }),
        note: Type.Optional(Type.String({ maxLength: 1024 })),
      },
      {
        additionalProperties: false,
        description:
          'Paused campaigns only. Dual-bank devices (Device.DeviceInfo.FirmwareImage) boot the ' +
          'bank holding the version they ran before; others download its image from the library',
      },
    ),
  ],
  { $id: 'FirmwareCampaignControl' },
);

const RollbackMethodSchema = Type.Union([Type.Literal('bank-switch'), Type.Literal('downgrade')]);

export const CampaignDeviceSchema = Type.Object(
  {
    deviceId: Type.String(),
    wave: Type.Integer({ minimum: 0 }),
    state: Type.Union(DEVICE_RUN_STATES.map((state) => Type.Literal(state))),
    attempts: Type.Integer({ minimum: 0 }),
    imageId: Type.String(),
    productClass: Type.Optional(Type.String()),
    fromVersion: Type.Optional(Type.String()),
    timeZone: Type.Optional(Type.String()),
    startedAt: Type.Optional(Type.String()),
    retryAt: Type.Optional(Type.String()),
    finishedAt: Type.Optional(Type.String()),
    taskId: Type.Optional(Type.String()),
    commandKey: Type.Optional(Type.String()),
    excludedBecause: Type.Optional(Type.String()),
    failure: Type.Optional(
      Type.Object({
        kind: Type.Union([Type.Literal('confirmed'), Type.Literal('unconfirmed')]),
        code: Type.String(),
        message: Type.String(),
      }),
    ),
    rollback: Type.Optional(
      Type.Object(
        {
          scope: Type.Union([Type.Literal('failed'), Type.Literal('all')]),
          requestedAt: Type.String(),
          note: Type.Optional(Type.String()),
          from: Type.Union(
            DEVICE_RUN_STATES.map((state) => Type.Literal(state)),
            {
              description: 'Its state in the rollout when the rollback was asked for',
            },
          ),
          toVersion: Type.Optional(Type.String({ description: 'The version it goes back to' })),
          startedAt: Type.Optional(Type.String()),
          method: Type.Optional(RollbackMethodSchema),
          bank: Type.Optional(Type.String({ description: 'bank-switch: the bank booted' })),
          imageId: Type.Optional(Type.String({ description: 'downgrade: the image sent' })),
          commandKey: Type.Optional(Type.String()),
          fromVersion: Type.Optional(
            Type.String({ description: 'What it ran when the rollback began' }),
          ),
          taskIds: Type.Optional(Type.Array(Type.String())),
          finishedAt: Type.Optional(Type.String()),
          failure: Type.Optional(Type.Object({ code: Type.String(), message: Type.String() })),
        },
        { description: "An operator's rollback of the device and how far it got" },
      ),
    ),
  },
  { $id: 'FirmwareCampaignDevice' },
);

export const CampaignDevicesQuery = Type.Object(
  {
    state: Type.Optional(Type.Union(DEVICE_RUN_STATES.map((state) => Type.Literal(state)))),
    after: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 256,
        description: 'The last device id of the previous page',
      }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  },
  { additionalProperties: false },
);

export const CampaignDevicePageSchema = Type.Object(
  { devices: Type.Array(CampaignDeviceSchema) },
  { $id: 'FirmwareCampaignDevicePage' },
);

// ---------------------------------------------------------------------------------------- backups

export const DeviceBackupParams = Type.Object(
  {
    deviceId: Type.String({ minLength: 1, maxLength: 256, description: 'Device id' }),
    uploadId: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$', description: 'Backup id' }),
  },
  { additionalProperties: false },
);

export const RequestBackupBody = Type.Object(
  {
    fileType: Type.Optional(
      Type.Union([Type.Literal('1 Vendor Configuration File'), Type.Literal('2 Vendor Log File')]),
    ),
    connectionRequest: Type.Optional(
      Type.Boolean({ description: 'Wake the device now instead of at its next Inform' }),
    ),
  },
  { $id: 'NewDeviceBackup', additionalProperties: false },
);

export const RequestedBackupSchema = Type.Object(
  {
    uploadId: Type.String({ description: 'The id the backup will be listed under' }),
    taskId: Type.String({ description: 'The Upload task' }),
  },
  { $id: 'RequestedDeviceBackup' },
);

export const DeviceBackupSchema = Type.Object(
  {
    uploadId: Type.String(),
    fileType: Type.String(),
    size: Type.Integer({ minimum: 0 }),
    sha256: Type.String(),
    receivedAt: Type.String(),
  },
  { $id: 'DeviceBackup' },
);

export const DeviceBackupListSchema = Type.Object(
  { backups: Type.Array(DeviceBackupSchema, { description: 'Newest first' }) },
  { $id: 'DeviceBackupList' },
);

export const RestoreBackupBody = Type.Object(
  { connectionRequest: Type.Optional(Type.Boolean()) },
  { $id: 'DeviceBackupRestore', additionalProperties: false },
);

export const RestoreTaskSchema = Type.Object(
  { taskId: Type.String({ description: 'The Download task (3 Vendor Configuration File)' }) },
  { $id: 'DeviceBackupRestoreTask' },
);

export const BackupPolicyBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 128 }),
    target: TargetSchema,
    fileType: Type.Union([
      Type.Literal('1 Vendor Configuration File'),
      Type.Literal('2 Vendor Log File'),
    ]),
    intervalSeconds: Type.Integer({ minimum: 60, maximum: 366 * 86_400, description: 'How often' }),
    keep: Type.Integer({ minimum: 1, maximum: 100, description: 'Newest files kept per device' }),
  },
  { $id: 'NewBackupPolicy', additionalProperties: false },
);

export const BackupPolicySchema = Type.Composite(
  [
    BackupPolicyBody,
    Type.Object({
      id: Type.String(),
      createdAt: Type.String(),
      lastRunAt: Type.Optional(Type.String()),
    }),
  ],
  { $id: 'BackupPolicy' },
);

export const BackupPolicyListSchema = Type.Object(
  { policies: Type.Array(BackupPolicySchema) },
  { $id: 'BackupPolicyList' },
);

export const BackupPolicyParams = Type.Object(
  { policyId: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false },
);
