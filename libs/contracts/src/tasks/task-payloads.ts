import { Static, TSchema, Type } from '@sinclair/typebox';
import { XSD_TYPES } from '@acs/cwmp-codec';
import { DIAGNOSTIC_INPUT_SCHEMAS, DIAGNOSTIC_TYPES } from '../diagnostics/diagnostic-inputs';

/**
 * What each kind of task asks of a device, as the API accepts it and provisioning executes it.
 * Limits are TR-069's (parameter names 256 characters, CommandKey and ParameterKey 32, URLs 256),
 * so a task the API accepted never fails later for a field the CPE would reject. Unknown fields
 * are refused: a misspelt field must not be silently ignored.
 */

const NAME_CHARACTERS = '[A-Za-z0-9_-]+';

/** A full parameter name: `Device.DeviceInfo.SoftwareVersion`. */
export const ParameterNameSchema = Type.String({
  minLength: 1,
  maxLength: 256,
  pattern: `^${NAME_CHARACTERS}(\\.${NAME_CHARACTERS})*$`,
  description: 'A full parameter name, e.g. Device.DeviceInfo.SoftwareVersion',
});

/** A parameter name or a partial path ending with a dot (`Device.WiFi.`), as GPV/GPA accept. */
export const ParameterPathSchema = Type.String({
  minLength: 1,
  maxLength: 256,
  pattern: `^${NAME_CHARACTERS}(\\.${NAME_CHARACTERS})*\\.?$`,
  description: 'A parameter name, or a partial path ending with a dot (Device.WiFi.)',
});

/** A partial path: an object or the root (`Device.`, `Device.WiFi.SSID.1.`). */
export const SubtreePathSchema = Type.String({
  minLength: 2,
  maxLength: 256,
  pattern: `^${NAME_CHARACTERS}(\\.${NAME_CHARACTERS})*\\.$`,
  description: 'A partial path ending with a dot, e.g. Device.WiFi.',
});

/** A multi-instance object (`Device.WiFi.SSID.`), where AddObject creates an instance. */
const MultiInstanceObjectSchema = Type.String({
  minLength: 2,
  maxLength: 256,
  pattern: `^${NAME_CHARACTERS}(\\.${NAME_CHARACTERS})*\\.$`,
  description: 'A multi-instance object path ending with a dot, e.g. Device.WiFi.SSID.',
});

/** One instance of a multi-instance object (`Device.WiFi.SSID.3.`), which DeleteObject removes. */
const ObjectInstanceSchema = Type.String({
  minLength: 4,
  maxLength: 256,
  pattern: `^${NAME_CHARACTERS}(\\.${NAME_CHARACTERS})*\\.[0-9]+\\.$`,
  description: 'An object instance path ending with its instance number, e.g. Device.WiFi.SSID.3.',
});

const CommandKeySchema = Type.String({ maxLength: 32, description: 'TR-069 CommandKey' });
const ParameterKeySchema = Type.String({ maxLength: 32, description: 'TR-069 ParameterKey' });
const DelaySecondsSchema = Type.Integer({ minimum: 0, maximum: 2_592_000 });
const UrlSchema = Type.String({
  maxLength: 256,
  pattern: '^(https?|ftp)://[^\\s]+$',
  description: 'http, https or ftp URL',
});

/** Credentials the CPE presents to the file server. */
const TransferCredentialsSchema = Type.Object(
  {
    username: Type.String({ maxLength: 256 }),
    /** Optional in views: the API never returns it. */
    password: Type.Optional(Type.String({ maxLength: 256 })),
  },
  { additionalProperties: false },
);

/** `$id` names the payload in API documents (`RebootPayload`, ...). */
const payload = <P extends Record<string, TSchema>>(id: string, properties: P) =>
  Type.Object(properties, { additionalProperties: false, $id: `${id}Payload` });

export const GetParameterValuesPayloadSchema = payload('GetParameterValues', {
  parameterNames: Type.Array(ParameterPathSchema, { minItems: 1, maxItems: 1000 }),
});

export const SetParameterValuesPayloadSchema = payload('SetParameterValues', {
  values: Type.Array(
    Type.Object(
      {
        name: ParameterNameSchema,
        /** Coerced by provisioning to `type`, or to the type the device reported for it. */
        value: Type.Union([Type.String({ maxLength: 65_535 }), Type.Number(), Type.Boolean()]),
        type: Type.Optional(Type.Union(XSD_TYPES.map((name) => Type.Literal(name)))),
      },
      { additionalProperties: false },
    ),
    { minItems: 1, maxItems: 1000 },
  ),
  parameterKey: Type.Optional(ParameterKeySchema),
});

export const GetParameterNamesPayloadSchema = payload('GetParameterNames', {
  subtree: SubtreePathSchema,
  /** true: only the subtree's direct children; false: everything under it. */
  nextLevel: Type.Boolean(),
});

/** Learn names, then values, of everything under the subtree. */
export const RefreshPayloadSchema = payload('Refresh', { subtree: SubtreePathSchema });

export const GetParameterAttributesPayloadSchema = payload('GetParameterAttributes', {
  parameterNames: Type.Array(ParameterPathSchema, { minItems: 1, maxItems: 1000 }),
});

export const SetParameterAttributesPayloadSchema = payload('SetParameterAttributes', {
  parameters: Type.Array(
    Type.Object(
      {
        name: ParameterPathSchema,
        /** 0 off, 1 passive, 2 active; absent leaves the device's setting unchanged. */
        notification: Type.Optional(
          Type.Union([Type.Literal(0), Type.Literal(1), Type.Literal(2)]),
        ),
        /** Absent leaves the device's access list unchanged. */
        accessList: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 64 })),
      },
      // A name alone would change nothing: notification or accessList must come with it.
      { additionalProperties: false, minProperties: 2 },
    ),
    { minItems: 1, maxItems: 1000 },
  ),
});

export const AddObjectPayloadSchema = payload('AddObject', {
  objectName: MultiInstanceObjectSchema,
  parameterKey: Type.Optional(ParameterKeySchema),
});

export const DeleteObjectPayloadSchema = payload('DeleteObject', {
  objectName: ObjectInstanceSchema,
  parameterKey: Type.Optional(ParameterKeySchema),
});

export const RebootPayloadSchema = payload('Reboot', {
  commandKey: Type.Optional(CommandKeySchema),
});

export const FactoryResetPayloadSchema = payload('FactoryReset', {});

/** What Download and ScheduleDownload both say of the file. */
const downloadFile = {
  /** `1 Firmware Upgrade Image`, `3 Vendor Configuration File`, `X <OUI> <name>`, ... */
  fileType: Type.String({ minLength: 1, maxLength: 64 }),
  url: UrlSchema,
  credentials: Type.Optional(TransferCredentialsSchema),
  fileSize: Type.Optional(Type.Integer({ minimum: 0 })),
  targetFileName: Type.Optional(Type.String({ maxLength: 256 })),
  commandKey: Type.Optional(CommandKeySchema),
};

export const DownloadPayloadSchema = payload('Download', {
  ...downloadFile,
  delaySeconds: Type.Optional(DelaySecondsSchema),
});

export const UploadPayloadSchema = payload('Upload', {
  /** `1 Vendor Configuration File`, `2 Vendor Log File`, ... */
  fileType: Type.String({ minLength: 1, maxLength: 64 }),
  url: UrlSchema,
  credentials: Type.Optional(TransferCredentialsSchema),
  delaySeconds: Type.Optional(DelaySecondsSchema),
  commandKey: Type.Optional(CommandKeySchema),
});

export const ScheduleInformPayloadSchema = payload('ScheduleInform', {
  /** TR-069 requires a delay of at least one second. */
  delaySeconds: Type.Integer({ minimum: 1, maximum: 2_592_000 }),
  commandKey: Type.Optional(CommandKeySchema),
});

/** What the CPE can do: the RPC methods it supports (GetRPCMethods). */
export const GetRpcMethodsPayloadSchema = payload('GetRPCMethods', {});

/** The transfers the CPE has queued that this ACS asked for (GetQueuedTransfers). */
export const GetQueuedTransfersPayloadSchema = payload('GetQueuedTransfers', {});

/** Every transfer the CPE has queued, whoever asked for it (GetAllQueuedTransfers). */
export const GetAllQueuedTransfersPayloadSchema = payload('GetAllQueuedTransfers', {});

/** Cancels a queued Download, ScheduleDownload or Upload by its CommandKey (CancelTransfer). */
export const CancelTransferPayloadSchema = payload('CancelTransfer', {
  commandKey: CommandKeySchema,
});

/** TR-069's four window modes, or a vendor's (`X <OUI> <name>`). */
const WindowModeSchema = Type.String({
  maxLength: 64,
  pattern: '^(1 At Any Time|2 Immediately|3 When Idle|4 Confirmation Needed|X [0-9A-F]{6} .+)$',
  description:
    '1 At Any Time, 2 Immediately, 3 When Idle, 4 Confirmation Needed, or X <OUI> <name>',
});

const WINDOW_SECONDS = { minimum: 0, maximum: 4_294_967_295 };

/** One time window of a ScheduleDownload, in seconds after the CPE receives the request. */
export const TimeWindowSchema = Type.Object(
  {
    windowStart: Type.Integer(WINDOW_SECONDS),
    windowEnd: Type.Integer(WINDOW_SECONDS),
    windowMode: WindowModeSchema,
    /** Shown to the user in mode 4 (Confirmation Needed). */
    userMessage: Type.Optional(Type.String({ maxLength: 256 })),
    /** -1 (the default): the CPE decides how often it retries within the window. */
    maxRetries: Type.Optional(Type.Integer({ minimum: -1, maximum: 2_147_483_647 })),
  },
  { additionalProperties: false },
);

export const ScheduleDownloadPayloadSchema = payload('ScheduleDownload', {
  ...downloadFile,
  /** One or two windows; the second starts at or after the end of the first. */
  timeWindows: Type.Array(TimeWindowSchema, { minItems: 1, maxItems: 2 }),
});

const UuidSchema = Type.String({ maxLength: 36, description: 'A deployment unit UUID' });
const VersionSchema = Type.String({ maxLength: 32 });
const ExecutionEnvRefSchema = Type.String({
  maxLength: 256,
  description: 'The execution environment, e.g. Device.SoftwareModules.ExecEnv.1',
});
const DuCredentials = {
  username: Type.Optional(Type.String({ maxLength: 256 })),
  password: Type.Optional(Type.String({ maxLength: 256 })),
};

/** One operation of a ChangeDUState: install from a URL, update, or uninstall a deployment unit. */
export const DeploymentUnitOperationSchema = Type.Union([
  Type.Object(
    {
      operation: Type.Literal('Install'),
      url: UrlSchema,
      uuid: Type.Optional(UuidSchema),
      executionEnvRef: Type.Optional(ExecutionEnvRefSchema),
      ...DuCredentials,
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      operation: Type.Literal('Update'),
      /** Absent: every deployment unit the URL applies to. */
      uuid: Type.Optional(UuidSchema),
      version: Type.Optional(VersionSchema),
      url: Type.Optional(UrlSchema),
      ...DuCredentials,
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      operation: Type.Literal('Uninstall'),
      uuid: UuidSchema,
      version: Type.Optional(VersionSchema),
      executionEnvRef: Type.Optional(ExecutionEnvRefSchema),
    },
    { additionalProperties: false },
  ),
]);

/** Software modules (TR-157): the CPE reports the outcome later with DUStateChangeComplete. */
export const ChangeDuStatePayloadSchema = payload('ChangeDUState', {
  operations: Type.Array(DeploymentUnitOperationSchema, { minItems: 1, maxItems: 16 }),
  commandKey: Type.Optional(CommandKeySchema),
});

/**
 * A TR-143 diagnostic run (`POST /devices/:id/diagnostics/:type` creates it): one SPV with the
 * inputs and DiagnosticsState=Requested, then, after the device's `8 DIAGNOSTICS COMPLETE`, a read
 * of the results. `dataModel` is the device's, which says where the diagnostic lives.
 */
export const DiagnosticPayloadSchema = Type.Union(
  DIAGNOSTIC_TYPES.map((diagnostic) =>
    Type.Object(
      {
        diagnostic: Type.Literal(diagnostic),
        dataModel: Type.Union([Type.Literal('Device.'), Type.Literal('InternetGatewayDevice.')]),
        inputs: DIAGNOSTIC_INPUT_SCHEMAS[diagnostic],
      },
      { additionalProperties: false },
    ),
  ),
  { $id: 'DiagnosticPayload' },
);

/** Every task type and its payload schema. */
export const TASK_PAYLOAD_SCHEMAS = {
  getParameterValues: GetParameterValuesPayloadSchema,
  setParameterValues: SetParameterValuesPayloadSchema,
  getParameterNames: GetParameterNamesPayloadSchema,
  refresh: RefreshPayloadSchema,
  getParameterAttributes: GetParameterAttributesPayloadSchema,
  setParameterAttributes: SetParameterAttributesPayloadSchema,
  addObject: AddObjectPayloadSchema,
  deleteObject: DeleteObjectPayloadSchema,
  reboot: RebootPayloadSchema,
  factoryReset: FactoryResetPayloadSchema,
  download: DownloadPayloadSchema,
  upload: UploadPayloadSchema,
  scheduleInform: ScheduleInformPayloadSchema,
  getRpcMethods: GetRpcMethodsPayloadSchema,
  getQueuedTransfers: GetQueuedTransfersPayloadSchema,
  getAllQueuedTransfers: GetAllQueuedTransfersPayloadSchema,
  cancelTransfer: CancelTransferPayloadSchema,
  scheduleDownload: ScheduleDownloadPayloadSchema,
  changeDuState: ChangeDuStatePayloadSchema,
  diagnostic: DiagnosticPayloadSchema,
} as const;

export type TaskType = keyof typeof TASK_PAYLOAD_SCHEMAS;

export const TASK_TYPES = Object.keys(TASK_PAYLOAD_SCHEMAS) as TaskType[];

/** The payload of one task type: `TaskPayload<'download'>`. */
export type TaskPayload<K extends TaskType> = Static<(typeof TASK_PAYLOAD_SCHEMAS)[K]>;
