import { Type } from '@sinclair/typebox';
import {
  DEFAULT_TASK_LIFETIME_SECONDS,
  DIAGNOSTIC_INPUT_SCHEMAS,
  DIAGNOSTIC_TYPES,
  DiagnosticRunSchema,
  validatorFor,
} from '@acs/contracts';
import { defineEndpoint } from './endpoint';
import { CreateTaskQuery, MAX_TASK_WAIT_SECONDS } from './schemas';

const deviceTarget = (params: Record<string, string>) => `device:${params['deviceId'] ?? ''}`;
const deviceId = Type.String({ minLength: 1, maxLength: 512, description: 'Device id' });

export const DiagnosticParams = Type.Object(
  {
    deviceId,
    diagnostic: Type.Union(DIAGNOSTIC_TYPES.map((type) => Type.Literal(type))),
  },
  { additionalProperties: false },
);

export const DiagnosticRunParams = Type.Object(
  { deviceId, runId: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false },
);

/**
 * What a run is asked with: the diagnostic's inputs (the schema of the diagnostic the path names,
 * checked with the device's data model when the run is created) and, as for tasks, whether to
 * wake the device and how long the run may wait for it.
 */
export const NewDiagnosticRunBody = Type.Object(
  {
    inputs: Type.Union(Object.values(DIAGNOSTIC_INPUT_SCHEMAS), {
      description: 'The inputs of the diagnostic the path names (IpPingDiagnosticInputs, ...)',
    }),
    connectionRequest: Type.Optional(Type.Boolean()),
    expiresInSeconds: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 366 * 24 * 3600,
        description: `How long the run may wait for the device; ${DEFAULT_TASK_LIFETIME_SECONDS} s when absent`,
      }),
    ),
  },
  { additionalProperties: false, $id: 'NewDiagnosticRun' },
);

/** The inputs are checked by the diagnostic's own schema later, where the path's type is known. */
const validateRunBody = validatorFor(
  Type.Object(
    {
      inputs: Type.Record(Type.String(), Type.Unknown()),
      connectionRequest: Type.Optional(Type.Boolean()),
      expiresInSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 366 * 24 * 3600 })),
    },
    { additionalProperties: false },
  ),
);

const RUN_WAIT = `With ?wait=<seconds> (at most ${MAX_TASK_WAIT_SECONDS}) the answer waits for the run to end`;

export const DIAGNOSTIC_ROUTES = {
  runDiagnostic: defineEndpoint({
    method: 'POST',
    path: '/devices/:deviceId/diagnostics/:diagnostic',
    operationId: 'runDiagnostic',
    tag: 'diagnostics',
    summary: 'Run a TR-143 diagnostic on a device (ipPing, traceRoute, download, upload, ...)',
    description:
      'One SetParameterValues with the inputs and DiagnosticsState=Requested in the device\u2019s ' +
      'next session (connectionRequest: true wakes it); the device runs it after that session ' +
      'and reports 8 DIAGNOSTICS COMPLETE, when the results are read and stored normalised ' +
      '(times in ms, hops as an array, error states as codes such as ' +
      'error-cannot-resolve-host-name). Runs of one diagnostic on a device go one after the ' +
      'other. 400 names every input the schema or the device\u2019s data model refuses; 422 ' +
      `diagnostic-unsupported when the device lacks the diagnostic. ${RUN_WAIT}: 200 with ` +
      'the ended run, or 202 with the run as it is when the time is up.',
    role: 'operator',
    status: 201,
    params: DiagnosticParams,
    query: CreateTaskQuery,
    body: NewDiagnosticRunBody,
    validateBody: validateRunBody,
    response: DiagnosticRunSchema,
    answers: [
      {
        status: 200,
        description: 'With ?wait: the run ended in time',
        response: DiagnosticRunSchema,
      },
      {
        status: 202,
        description: 'With ?wait: the time was up first; the run as it is now',
        response: DiagnosticRunSchema,
      },
    ],
    failures: [404, 422],
    audit: { action: 'diagnostic.run', target: deviceTarget },
  }),
  listDiagnosticRuns: defineEndpoint({
    method: 'GET',
    path: '/devices/:deviceId/diagnostics',
    operationId: 'listDiagnosticRuns',
    tag: 'diagnostics',
    summary: 'A device\u2019s diagnostic runs, newest first (the last 100)',
    role: 'read-only',
    status: 200,
    params: Type.Object({ deviceId }, { additionalProperties: false }),
    response: Type.Object({ runs: Type.Array(DiagnosticRunSchema) }),
  }),
  getDiagnosticRun: defineEndpoint({
    method: 'GET',
    path: '/devices/:deviceId/diagnostics/:runId',
    operationId: 'getDiagnosticRun',
    tag: 'diagnostics',
    summary: 'One diagnostic run: its state and normalised result',
    role: 'read-only',
    status: 200,
    params: DiagnosticRunParams,
    response: DiagnosticRunSchema,
    failures: [404],
  }),
  cancelDiagnosticRun: defineEndpoint({
    method: 'DELETE',
    path: '/devices/:deviceId/diagnostics/:runId',
    operationId: 'cancelDiagnosticRun',
    tag: 'diagnostics',
    summary: 'Cancel a diagnostic run',
    description:
      'A queued run is dropped; one the device is running is cancelled on the device ' +
      '(DiagnosticsState=Canceled in its next session) where its data model has that state ' +
      '(TR-181), and otherwise only dropped. An ended run is answered as it ended.',
    role: 'operator',
    status: 200,
    params: DiagnosticRunParams,
    response: DiagnosticRunSchema,
    failures: [404],
    audit: {
      action: 'diagnostic.cancel',
      target: (params: Record<string, string>) => `diagnostic:${params['runId'] ?? ''}`,
    },
  }),
};
