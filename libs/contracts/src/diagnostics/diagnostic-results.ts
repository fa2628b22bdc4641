import { Static, Type } from '@sinclair/typebox';

/**
 * A diagnostic's result as the platform stores and publishes it, the same for both data models:
 * times in milliseconds (fractions where the device reports microseconds), byte counts as numbers,
 * trace-route hops as an array, and the device's error states as codes
 * (`Error_CannotResolveHostName` -> `error-cannot-resolve-host-name`).
 */
export type DiagnosticMeasurements =
  | PingMeasurements
  | TraceRouteMeasurements
  | TransferMeasurements
  | NsLookupMeasurements
  | ServerSelectionMeasurements;

/** ipPing and udpEcho. */
export interface PingMeasurements {
  successCount: number;
  failureCount: number;
  averageMs: number;
  minimumMs: number;
  maximumMs: number;
  ipAddressUsed?: string;
}

export interface TraceRouteHop {
  host: string;
  address: string;
  errorCode: number;
  rttMs: number[];
}

export interface TraceRouteMeasurements {
  responseTimeMs: number;
  hops: TraceRouteHop[];
  ipAddressUsed?: string;
}

/** download and upload: the test bytes moved between BOMTime and EOMTime. */
export interface TransferMeasurements {
  bomTime: string;
  eomTime: string;
  durationMs: number;
  testBytes: number;
  totalBytesReceived?: number;
  totalBytesSent?: number;
  /** Test bytes over the test's duration, in bits per second; 0 when the duration is 0. */
  throughputBps: number;
  /** TCPOpenResponseTime - TCPOpenRequestTime, when both are known. */
  tcpOpenMs?: number;
  ipAddressUsed?: string;
}

export interface NsLookupAnswer {
  /** `success` or a code (`error-host-name-not-resolved`). */
  status: string;
  answerType: string;
  hostNameReturned: string;
  ipAddresses: string[];
  dnsServerIp: string;
  responseTimeMs: number;
}

export interface NsLookupMeasurements {
  successCount: number;
  answers: NsLookupAnswer[];
}

export interface ServerSelectionMeasurements {
  fastestHost: string;
  averageMs: number;
  minimumMs: number;
  maximumMs: number;
  ipAddressUsed?: string;
}

export type DiagnosticResult =
  | { outcome: 'complete'; measurements: DiagnosticMeasurements }
  /** `code` is the device's error state as a code, e.g. `error-cannot-resolve-host-name`. */
  | { outcome: 'error'; code: string };

export const DiagnosticResultSchema = Type.Union(
  [
    Type.Object({
      outcome: Type.Literal('complete'),
      measurements: Type.Record(Type.String(), Type.Unknown(), {
        description: 'Per diagnostic type: times in ms, hops as an array, byte counts as numbers',
      }),
    }),
    Type.Object({
      outcome: Type.Literal('error'),
      code: Type.String({ description: 'e.g. error-cannot-resolve-host-name' }),
    }),
  ],
  { $id: 'DiagnosticResult' },
);

/**
 * Where a run is: `queued` (waiting for the device's session, or for an earlier run of the same
 * diagnostic), `requesting` (the SPV is out), `running` (the device runs it), `collecting` (the
 * device reported completion; the results are being read), then one of the ends: `complete`,
 * `error` (the device's error state, as `result.code`), `timed-out`, `canceled`, `failed` (the
 * device refused the request: `fault`) or `expired` (the device never came).
 */
export const DIAGNOSTIC_RUN_STATES = [
  'queued',
  'requesting',
  'running',
  'collecting',
  'complete',
  'error',
  'timed-out',
  'canceled',
  'failed',
  'expired',
] as const;
export type DiagnosticRunState = (typeof DIAGNOSTIC_RUN_STATES)[number];

export const DiagnosticRunSchema = Type.Object(
  {
    runId: Type.String(),
    deviceId: Type.String(),
    diagnostic: Type.String(),
    state: Type.Union(DIAGNOSTIC_RUN_STATES.map((state) => Type.Literal(state))),
    inputs: Type.Record(Type.String(), Type.Unknown()),
    createdAt: Type.String(),
    updatedAt: Type.String(),
    result: Type.Optional(DiagnosticResultSchema),
    fault: Type.Optional(Type.Object({ code: Type.String(), message: Type.String() })),
  },
  { $id: 'DiagnosticRun' },
);
export type DiagnosticRun = Static<typeof DiagnosticRunSchema>;
