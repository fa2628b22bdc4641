import { Type } from '@sinclair/typebox';
import {
  auditEntryFields,
  DEFAULT_TASK_LIFETIME_SECONDS,
  PostureFindingSchema,
  TASK_STATUSES,
} from '@acs/contracts';
import { API_KEY_ROLES } from '../auth/roles';

/**
 * The operator API's request and response shapes. Objects with an `$id` become named components
 * of the OpenAPI document. Query strings arrive as text and are converted (numbers, booleans)
 * before these schemas check them.
 */

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

export const ErrorSchema = Type.Object(
  {
    /** `validation-failed`, `unauthenticated`, `forbidden`, `device-not-found`, `task-running`, ... */
    error: Type.String(),
    message: Type.String(),
    /** 400 only: the bad field as a dotted path (`limit`, `payload.parameterNames[0]`, `filter.$where`). */
    field: Type.Optional(Type.String()),
    /** 400 only, sometimes: a finer reason (`operator-not-allowed`, `unknown-field`, `invalid-template`, ...). */
    reason: Type.Optional(Type.String()),
    /** 409 `version-conflict` only: the document's current version, to re-read and retry from. */
    currentVersion: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { $id: 'Error' },
);

const limit = Type.Integer({
  minimum: 0,
  maximum: MAX_PAGE_SIZE,
  default: DEFAULT_PAGE_SIZE,
  description: 'Page size; 0 with total=true only counts',
});
/**
 * Bounded where numbers stay exact: a larger one (4e20) parses as an integral float that the
 * stores cannot take as an offset (SQLite refused it: a 500, not the 400 it is).
 */
export const skip = Type.Integer({
  minimum: 0,
  maximum: Number.MAX_SAFE_INTEGER,
  description: 'Matches to skip (offset paging)',
});

/** A query parameter holding JSON: parsed after the string check, then validated by its user. */
export const jsonQueryParameter = (description: string) =>
  Type.String({
    minLength: 2,
    maxLength: 16_384,
    contentMediaType: 'application/json',
    description,
  });

export const isJsonQueryParameter = (schema: unknown): boolean =>
  typeof schema === 'object' &&
  schema !== null &&
  (schema as { contentMediaType?: unknown }).contentMediaType === 'application/json';

// Device ids are percent-encoded OUI-ProductClass-Serial (see deviceIdOf); clients encode `%` as %25.
const deviceId = Type.String({ minLength: 1, maxLength: 512, description: 'Device id' });

/** Tags as the device store accepts them: 1-128 characters, no control characters. */
export const TagSchema = Type.String({
  minLength: 1,
  maxLength: 128,
  pattern: '^[^\\u0000-\\u001f\\u007f]+$',
});

// ---------------------------------------------------------------------------------------- devices

export const DeviceIdParams = Type.Object({ deviceId }, { additionalProperties: false });

/** Comma-separated, split and checked by the device store's projection rules. */
const projection = Type.String({
  maxLength: 16_384,
  description:
    'Comma-separated fields to return: summary fields, parameters, parameters.<path> ' +
    '(deviceId always)',
});

export const ListDevicesQuery = Type.Object(
  {
    filter: Type.Optional(
      jsonQueryParameter(
        'MongoDB-style filter over identity fields, tags and parameters.<path> values, e.g. ' +
          '{"tags":"lab","parameters.Device.DeviceInfo.SoftwareVersion":{"$ne":"4.2.1"}}. ' +
          'Only comparison, set, $regex, $exists, $size, $elemMatch, $not and $and/$or/$nor ' +
          'operators are accepted.',
      ),
    ),
    projection: Type.Optional(projection),
    sort: Type.Optional(jsonQueryParameter('Summary field → 1 or -1, e.g. {"lastInform":-1}')),
    limit: Type.Optional(limit),
    skip: Type.Optional(skip),
    cursor: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 4096,
        description: 'nextCursor of the previous page',
      }),
    ),
    total: Type.Optional(
      Type.Boolean({ default: true, description: 'Count all matches (a second query)' }),
    ),
  },
  { additionalProperties: false },
);

export const GetDeviceQuery = Type.Object(
  {
    subtree: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 256,
        pattern: '^[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*\\.?$',
        description:
          'Only this parameter, or this object and everything under it (Device.WiFi.); ' +
          'not with projection (name the subtree there as parameters.<path>)',
      }),
    ),
    projection: Type.Optional(projection),
  },
  { additionalProperties: false },
);

const StoredParameterSchema = Type.Object({
  path: Type.String(),
  object: Type.Boolean(),
  value: Type.Optional(Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()])),
  type: Type.Optional(Type.String()),
  writable: Type.Optional(Type.Boolean()),
  notification: Type.Optional(Type.Integer()),
  accessList: Type.Optional(Type.Array(Type.String())),
  valueAt: Type.Optional(Type.String()),
  writableAt: Type.Optional(Type.String()),
  attributesAt: Type.Optional(Type.String()),
  stale: Type.Optional(Type.Boolean()),
  /** A password, passphrase or key: `value` is a mask; GET .../secrets/{path} reveals it. */
  secret: Type.Optional(Type.Boolean()),
});

/** Connection-request details as the API shows them: the password never leaves the store. */
const ConnectionRequestView = Type.Object({
  url: Type.Optional(Type.String()),
  username: Type.Optional(Type.String()),
  udpAddress: Type.Optional(Type.String()),
});

const deviceFields = {
  oui: Type.String(),
  productClass: Type.String(),
  serialNumber: Type.String(),
  manufacturer: Type.String(),
  dataModelRoot: Type.Union([
    Type.Literal('Device.'),
    Type.Literal('InternetGatewayDevice.'),
    Type.Null(),
  ]),
  tags: Type.Array(Type.String()),
  firstSeen: Type.String(),
  lastInform: Type.String(),
  lastBoot: Type.Optional(Type.String()),
  lastBootstrap: Type.Optional(Type.String()),
  periodicInformInterval: Type.Optional(Type.Number()),
  onlineUntil: Type.Optional(Type.String()),
  online: Type.Boolean(),
  connectionRequest: ConnectionRequestView,
  /** The security posture inventory last assessed, most severe first (absent before the first). */
  posture: Type.Optional(Type.Array(PostureFindingSchema)),
  parameters: Type.Record(Type.String(), StoredParameterSchema),
};

export const DeviceSchema = Type.Object({ deviceId, ...deviceFields }, { $id: 'Device' });

/** A device as a projection returns it: its id and whichever fields were asked for. */
export const ProjectedDeviceSchema = Type.Composite(
  [Type.Object({ deviceId }), Type.Partial(Type.Object(deviceFields))],
  { $id: 'ProjectedDevice' },
);

export const DevicePageSchema = Type.Object({
  devices: Type.Array(ProjectedDeviceSchema),
  total: Type.Optional(Type.Integer({ minimum: 0 })),
  nextCursor: Type.Optional(Type.String({ description: 'Present when more matches follow' })),
});

// ------------------------------------------------------------------------------------------- tags

export const DeviceTagParams = Type.Object(
  { deviceId, tag: TagSchema },
  { additionalProperties: false },
);

/** A leaf parameter path, as TR-069 spells them. */
export const DeviceSecretParams = Type.Object(
  {
    deviceId,
    path: Type.String({
      minLength: 1,
      maxLength: 256,
      pattern: '^[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*$',
    }),
  },
  { additionalProperties: false },
);

export const RevealedSecretSchema = Type.Object(
  {
    path: Type.String(),
    /** The value as the device reported it or the platform set it; absent when never learned. */
    value: Type.Optional(Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()])),
  },
  { $id: 'RevealedSecret' },
);

export const DeviceNotificationsSchema = Type.Object(
  {
    deviceId: Type.String(),
    /** By path; passive (1) and active (2) only. */
    parameters: Type.Array(
      Type.Object({
        path: Type.String(),
        notification: Type.Union([Type.Literal(1), Type.Literal(2)]),
        /** When the platform learnt it (a GetParameterAttributes answer or its own SPA). */
        attributesAt: Type.Optional(Type.String()),
      }),
    ),
  },
  { $id: 'DeviceNotifications' },
);

export const BulkTagsBody = Type.Object(
  {
    filter: Type.Record(Type.String(), Type.Unknown(), {
      description: 'The devices to change, as in GET /devices',
    }),
    add: Type.Optional(Type.Array(TagSchema, { maxItems: 100 })),
    remove: Type.Optional(Type.Array(TagSchema, { maxItems: 100 })),
  },
  { additionalProperties: false, $id: 'BulkTagChange' },
);

export const BulkTagsResult = Type.Object({
  matched: Type.Integer({ minimum: 0, description: 'Devices the filter matched' }),
});

// ------------------------------------------------------------------------------------------ tasks

const statusList = `(${TASK_STATUSES.join('|')})`;

export const ListTasksQuery = Type.Object(
  {
    deviceId: Type.Optional(deviceId),
    status: Type.Optional(
      Type.String({
        pattern: `^${statusList}(,${statusList})*$`,
        description: `Comma-separated statuses: ${TASK_STATUSES.join(', ')}`,
      }),
    ),
    limit: Type.Optional(limit),
    skip: Type.Optional(skip),
  },
  { additionalProperties: false },
);

/** The longest an operator may hold a request open waiting for a task. */
export const MAX_TASK_WAIT_SECONDS = 120;

export const CreateTaskQuery = Type.Object(
  {
    wait: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: MAX_TASK_WAIT_SECONDS,
        description:
          'Seconds to wait for the task to finish (done, failed, expired or cancelled) before ' +
          'answering: 200 with the finished task, or 202 with the task as it is when the time is up',
      }),
    ),
  },
  { additionalProperties: false },
);

/** How a connection request ended, as connection-request.ts of @acs/connection-request says. */
export const CONNECTION_REQUEST_OUTCOMES = [
  'ok',
  'sent',
  'busy',
  'auth-failed',
  'auth-refused',
  'unreachable',
  'timeout',
  'failed',
  'rate-limited',
  'no-address',
] as const;

export const ConnectionRequestResultSchema = Type.Object(
  {
    /**
     * ok: the device accepted and opens a session; sent: UDP datagrams went out (UDP has no
     * answer); busy: it answered 503 (in a session already); auth-failed, auth-refused: our
     * credentials were refused, or only Basic was offered and Basic is off; unreachable, timeout:
     * nothing answered; failed: an answer we cannot use; rate-limited: not sent yet, too soon
     * for this device or the platform (held back until retryAt); no-address: not sent, the device reported no way to reach it.
     */
    outcome: Type.Union(CONNECTION_REQUEST_OUTCOMES.map((outcome) => Type.Literal(outcome))),
    /** The transport used last; null when nothing was sent. */
    method: Type.Union([Type.Literal('http'), Type.Literal('udp'), Type.Null()]),
    detail: Type.Optional(Type.String()),
    /** rate-limited: when a new request can go. */
    retryAfterMs: Type.Optional(Type.Integer({ minimum: 0 })),
    /** rate-limited: the device's minimum interval, or the platform's rate. */
    limit: Type.Optional(Type.Union([Type.Literal('device'), Type.Literal('global')])),
    /**
     * rate-limited: the request is held back, not dropped, and sent at this time (ISO 8601),
     * unless the device opens a session first.
     */
    retryAt: Type.Optional(Type.String()),
  },
  { $id: 'ConnectionRequestResult' },
);

export const TaskIdParams = Type.Object(
  { taskId: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false },
);

export const RetryTaskQuery = Type.Object(
  {
    expiresInSeconds: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 366 * 24 * 3600,
        default: DEFAULT_TASK_LIFETIME_SECONDS,
        description: 'How long the retried task may wait for the device',
      }),
    ),
  },
  { additionalProperties: false },
);

// ----------------------------------------------------------------------------------------- faults

export const ListFaultsQuery = Type.Object(
  { deviceId: Type.Optional(deviceId), limit: Type.Optional(limit), skip: Type.Optional(skip) },
  { additionalProperties: false },
);

export const FaultIdParams = Type.Object(
  { faultId: Type.String({ minLength: 1, maxLength: 256 }) },
  { additionalProperties: false },
);

export const FaultSchema = Type.Object(
  {
    faultId: Type.String(),
    deviceId: Type.String(),
    code: Type.String({ description: 'CWMP fault code or a platform code' }),
    message: Type.String(),
    source: Type.String({ description: 'The RPC or task it came from' }),
    occurredAt: Type.String(),
    count: Type.Integer({ minimum: 1, description: 'Recurrences since it was last cleared' }),
  },
  { $id: 'Fault' },
);

export const FaultListSchema = Type.Object({ faults: Type.Array(FaultSchema) });

// -------------------------------------------------------------------------------------- audit log

export const PageQuery = Type.Object(
  { limit: Type.Optional(limit), skip: Type.Optional(skip) },
  { additionalProperties: false },
);

/** The entry as acs.audit carries it, less its schemaVersion (the contract is the one source). */
export const AuditEntrySchema = Type.Object(auditEntryFields, { $id: 'AuditEntry' });

export const AuditPageSchema = Type.Object({
  entries: Type.Array(AuditEntrySchema),
  total: Type.Integer({ minimum: 0 }),
});

// --------------------------------------------------------------------------------------- API keys

const role = Type.Union(API_KEY_ROLES.map((name) => Type.Literal(name)));

export const NewApiKeyBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 64, pattern: '^[^\\u0000-\\u001f\\u007f]+$' }),
    role,
  },
  { additionalProperties: false, $id: 'NewApiKey' },
);

const apiKeyFields = {
  id: Type.String(),
  name: Type.String(),
  role,
  createdAt: Type.String(),
  revokedAt: Type.Optional(Type.String()),
};

export const ApiKeySchema = Type.Object(apiKeyFields, { $id: 'ApiKey' });

export const CreatedApiKeySchema = Type.Object(
  {
    ...apiKeyFields,
    key: Type.String({ description: 'The key itself: shown this once, never again' }),
  },
  { $id: 'CreatedApiKey' },
);

export const ApiKeyListSchema = Type.Object({ apiKeys: Type.Array(ApiKeySchema) });

export const ApiKeyIdParams = Type.Object(
  { keyId: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false },
);
