import { Type } from '@sinclair/typebox';
import { NewTaskSchema, TaskSchema, validateNewTask } from '@acs/contracts';
import { BACKUP_ROUTES, CAMPAIGN_ROUTES, FIRMWARE_ROUTES } from './firmware-routes';
import { defineEndpoint } from './endpoint';
import { POSTURE_ROUTES } from './posture-routes';
import { PROVISIONING_ROUTES } from './provisioning-routes';
import { DIAGNOSTIC_ROUTES } from './diagnostic-routes';
import {
  ApiKeyIdParams,
  ApiKeyListSchema,
  AuditPageSchema,
  BulkTagsBody,
  BulkTagsResult,
  ConnectionRequestResultSchema,
  CreatedApiKeySchema,
  CreateTaskQuery,
  DeviceIdParams,
  DeviceNotificationsSchema,
  DevicePageSchema,
  DeviceSchema,
  DeviceTagParams,
  ErrorSchema,
  FaultIdParams,
  FaultListSchema,
  GetDeviceQuery,
  ListDevicesQuery,
  ListFaultsQuery,
  ListTasksQuery,
  NewApiKeyBody,
  PageQuery,
  ProjectedDeviceSchema,
  RetryTaskQuery,
  TaskIdParams,
  DeviceSecretParams,
  RevealedSecretSchema,
} from './schemas';

const deviceTarget = (params: Record<string, string>) => `device:${params['deviceId'] ?? ''}`;
const taskTarget = (params: Record<string, string>) => `task:${params['taskId'] ?? ''}`;

const CONNECTION_REQUEST_HEADER =
  'Only for a task with connectionRequest: true, when this API process sends connection ' +
  'requests: how waking the device ended (an outcome of ConnectionRequestResult, or error when ' +
  'the platform could not try). The task is queued whatever it says.';

/**
 * Every route of the operator API. Controllers bind their handlers to these (`@Endpoint`), and the
 * OpenAPI document is generated from them: what is documented is what is served.
 */
export const ROUTES = {
  listDevices: defineEndpoint({
    method: 'GET',
    path: '/devices',
    operationId: 'listDevices',
    tag: 'devices',
    summary: 'List devices matching a filter',
    description:
      'Offset paging (skip), or cursor paging (cursor: the nextCursor of the previous page, with ' +
      'the same filter and sort; a skip given with it counts from the cursor).',
    role: 'read-only',
    status: 200,
    query: ListDevicesQuery,
    response: DevicePageSchema,
    expensive: true,
  }),
  getDevice: defineEndpoint({
    method: 'GET',
    path: '/devices/:deviceId',
    operationId: 'getDevice',
    tag: 'devices',
    summary: 'One device with its parameter tree, a subtree of it, or a projection',
    description:
      'projection takes what GET /devices takes and answers the same shape (ProjectedDevice).',
    role: 'read-only',
    status: 200,
    params: DeviceIdParams,
    query: GetDeviceQuery,
    response: Type.Union([DeviceSchema, ProjectedDeviceSchema]),
    failures: [404],
  }),
  listDeviceNotifications: defineEndpoint({
    method: 'GET',
    path: '/devices/:deviceId/notifications',
    operationId: 'listDeviceNotifications',
    tag: 'devices',
    summary: 'The parameters under passive (1) or active (2) notification on the device',
    description:
      'As the platform last learnt them: from GetParameterAttributes answers and from the ' +
      "SetParameterAttributes it sent (presets' notifications, tasks). A parameter under " +
      'active notification makes the device inform 4 VALUE CHANGE at once when it changes, ' +
      'which acs.events announces as DeviceParametersChanged. Parameters at 0, or whose ' +
      'attributes were never read, are not listed.',
    role: 'read-only',
    status: 200,
    params: DeviceIdParams,
    response: DeviceNotificationsSchema,
    failures: [404],
  }),
  deleteDevice: defineEndpoint({
    method: 'DELETE',
    path: '/devices/:deviceId',
    operationId: 'deleteDevice',
    tag: 'devices',
    summary: 'Forget a device: its tree, events, faults and tasks',
    role: 'operator',
    status: 204,
    params: DeviceIdParams,
    failures: [404],
    audit: { action: 'device.delete', target: deviceTarget },
  }),
  addDeviceTag: defineEndpoint({
    method: 'PUT',
    path: '/devices/:deviceId/tags/:tag',
    operationId: 'addDeviceTag',
    tag: 'tags',
    summary: 'Tag one device',
    role: 'operator',
    status: 204,
    params: DeviceTagParams,
    failures: [404, 409],
    audit: { action: 'tag.add', target: deviceTarget },
  }),
  removeDeviceTag: defineEndpoint({
    method: 'DELETE',
    path: '/devices/:deviceId/tags/:tag',
    operationId: 'removeDeviceTag',
    tag: 'tags',
    summary: 'Remove a tag from one device',
    role: 'operator',
    status: 204,
    params: DeviceTagParams,
    failures: [404],
    audit: { action: 'tag.remove', target: deviceTarget },
  }),
  changeTagsByFilter: defineEndpoint({
    method: 'POST',
    path: '/tags',
    operationId: 'changeTagsByFilter',
    tag: 'tags',
    summary: 'Add and remove tags on every device matching a filter',
    description: 'A tag both added and removed ends up present.',
    role: 'operator',
    status: 200,
    body: BulkTagsBody,
    response: BulkTagsResult,
    failures: [409],
    expensive: true,
    audit: { action: 'tag.bulk-change', target: () => 'devices:filter' },
  }),
  createTask: defineEndpoint({
    method: 'POST',
    path: '/devices/:deviceId/tasks',
    operationId: 'createTask',
    tag: 'tasks',
    summary: 'Queue a task for a device, optionally wake the device and wait for the task',
    description:
      'The task waits, pending, for the device\u2019s next session (provisioning runs it) until ' +
      'it expires. With connectionRequest: true the device is woken with a connection request ' +
      'right after the task is stored (header Connection-Request); one a rate limit holds back ' +
      '(rate-limited) is sent when the limit allows, unless the device opens a session first. ' +
      'A task queued while its device is in session runs in that session. With ?wait=<seconds> the ' +
      'answer waits for the task to finish: 200 with the finished task, or 202 with the task ' +
      'as it is when the time is up (it stays queued).',
    role: 'operator',
    status: 201,
    params: DeviceIdParams,
    query: CreateTaskQuery,
    body: NewTaskSchema,
    validateBody: validateNewTask,
    response: TaskSchema,
    headers: { 'Connection-Request': CONNECTION_REQUEST_HEADER },
    answers: [
      {
        status: 200,
        description: 'With ?wait: the task finished (done, failed, expired or cancelled) in time',
        response: TaskSchema,
        headers: { 'Connection-Request': CONNECTION_REQUEST_HEADER },
      },
      {
        status: 202,
        description: 'With ?wait: the time was up first; the task as it is now, still queued',
        response: TaskSchema,
        headers: { 'Connection-Request': CONNECTION_REQUEST_HEADER },
      },
    ],
    failures: [404],
    audit: { action: 'task.create', target: deviceTarget },
  }),
  revealDeviceSecret: defineEndpoint({
    method: 'GET',
    path: '/devices/:deviceId/secrets/:path',
    operationId: 'revealDeviceSecret',
    tag: 'devices',
    summary: 'The value of one secret parameter (a password, passphrase or key), audited',
    description:
      'Device views show secret parameters as a mask with secret: true; this gives one value. ' +
      'Each call is written to the audit trail before the value is read (fail closed: no entry, ' +
      'no value); the entry holds who, which device and which path, never the value.',
    role: 'admin',
    status: 200,
    params: DeviceSecretParams,
    response: RevealedSecretSchema,
    failures: [404],
    answers: [
      {
        status: 503,
        description: 'secrets-unavailable: this API process was given no secret keys',
        response: ErrorSchema,
      },
    ],
    audit: {
      action: 'device.secret.reveal',
      target: (params) => `device:${params['deviceId'] ?? ''}/${params['path'] ?? ''}`,
    },
  }),
  requestConnection: defineEndpoint({
    method: 'POST',
    path: '/devices/:deviceId/connection-request',
    operationId: 'requestConnection',
    tag: 'devices',
    summary: 'Wake a device now with a connection request',
    description:
      'HTTP (Digest) to the ConnectionRequestURL the device reported, or UDP (TR-111) to its ' +
      'UDPConnectionRequestAddress; rate-limited per device and for the platform. The outcome is ' +
      'recorded among the device\u2019s events.',
    role: 'operator',
    status: 200,
    params: DeviceIdParams,
    response: ConnectionRequestResultSchema,
    answers: [
      {
        status: 429,
        description:
          'Not sent yet: too soon for this device or the platform (outcome rate-limited; the ' +
          'request is held back and sent at retryAt, unless the device opens a session first), ' +
          'or, as an Error rate-limited, the caller is over its request budget',
        response: Type.Union([ConnectionRequestResultSchema, ErrorSchema]),
        headers: { 'Retry-After': 'Seconds until a new request can go' },
      },
      {
        status: 422,
        description:
          'Not sent: the device has reported no way to reach it, neither a ConnectionRequestURL ' +
          'nor a UDP address (outcome no-address); it can be woken once a session reports one',
        response: ConnectionRequestResultSchema,
      },
      {
        status: 503,
        description:
          'The device could not be woken (busy, unreachable, timeout, auth-failed, auth-refused, ' +
          'failed), or, as an Error, connection-requests-unavailable (this API process ' +
          'sends no connection requests) or audit-unavailable (the audit log cannot record it)',
        response: Type.Union([ConnectionRequestResultSchema, ErrorSchema]),
      },
    ],
    failures: [404],
    audit: { action: 'device.connection-request', target: deviceTarget },
  }),
  listTasks: defineEndpoint({
    method: 'GET',
    path: '/tasks',
    operationId: 'listTasks',
    tag: 'tasks',
    summary: 'List tasks in creation order, by device and status',
    role: 'read-only',
    status: 200,
    query: ListTasksQuery,
    response: Type.Object({ tasks: Type.Array(TaskSchema), total: Type.Integer({ minimum: 0 }) }),
  }),
  getTask: defineEndpoint({
    method: 'GET',
    path: '/tasks/:taskId',
    operationId: 'getTask',
    tag: 'tasks',
    summary: 'One task with its status, result or fault',
    role: 'read-only',
    status: 200,
    params: TaskIdParams,
    response: TaskSchema,
    failures: [404],
  }),
  retryTask: defineEndpoint({
    method: 'POST',
    path: '/tasks/:taskId/retry',
    operationId: 'retryTask',
    tag: 'tasks',
    summary: 'Put a failed, expired or cancelled task back to pending',
    role: 'operator',
    status: 200,
    params: TaskIdParams,
    query: RetryTaskQuery,
    response: TaskSchema,
    failures: [404, 409],
    audit: { action: 'task.retry', target: taskTarget },
  }),
  deleteTask: defineEndpoint({
    method: 'DELETE',
    path: '/tasks/:taskId',
    operationId: 'deleteTask',
    tag: 'tasks',
    summary: 'Delete a task that is not running',
    role: 'operator',
    status: 204,
    params: TaskIdParams,
    failures: [404, 409],
    audit: { action: 'task.delete', target: taskTarget },
  }),
  listFaults: defineEndpoint({
    method: 'GET',
    path: '/faults',
    operationId: 'listFaults',
    tag: 'faults',
    summary: 'Open faults, newest first',
    role: 'read-only',
    status: 200,
    query: ListFaultsQuery,
    response: FaultListSchema,
  }),
  clearFault: defineEndpoint({
    method: 'DELETE',
    path: '/faults/:faultId',
    operationId: 'clearFault',
    tag: 'faults',
    summary: 'Clear a fault',
    role: 'operator',
    status: 204,
    params: FaultIdParams,
    failures: [404],
    audit: { action: 'fault.clear', target: (params) => `fault:${params['faultId'] ?? ''}` },
  }),
  listAuditLog: defineEndpoint({
    method: 'GET',
    path: '/audit-log',
    operationId: 'listAuditLog',
    tag: 'admin',
    summary: 'Every write through the API, and every refused one, newest first',
    role: 'admin',
    status: 200,
    query: PageQuery,
    response: AuditPageSchema,
  }),
  createApiKey: defineEndpoint({
    method: 'POST',
    path: '/api-keys',
    operationId: 'createApiKey',
    tag: 'admin',
    summary: 'Create an API key; the answer holds the key, shown this once',
    role: 'admin',
    status: 201,
    body: NewApiKeyBody,
    response: CreatedApiKeySchema,
    audit: { action: 'api-key.create', target: () => 'api-keys' },
  }),
  listApiKeys: defineEndpoint({
    method: 'GET',
    path: '/api-keys',
    operationId: 'listApiKeys',
    tag: 'admin',
    summary: 'List API keys (never their secrets), revoked ones included',
    role: 'admin',
    status: 200,
    response: ApiKeyListSchema,
  }),
  revokeApiKey: defineEndpoint({
    method: 'DELETE',
    path: '/api-keys/:keyId',
    operationId: 'revokeApiKey',
    tag: 'admin',
    summary: 'Revoke an API key',
    role: 'admin',
    status: 204,
    params: ApiKeyIdParams,
    failures: [404],
    audit: { action: 'api-key.revoke', target: (params) => `api-key:${params['keyId'] ?? ''}` },
  }),
  ...POSTURE_ROUTES,
  ...PROVISIONING_ROUTES,
  ...DIAGNOSTIC_ROUTES,
  ...FIRMWARE_ROUTES,
  ...CAMPAIGN_ROUTES,
  ...BACKUP_ROUTES,
};

export type RouteName = keyof typeof ROUTES;
