import type {
  DataModelRoot,
  DiagnosticMeasurements,
  DiagnosticResult,
  DiagnosticType,
  NsLookupAnswer,
  TraceRouteHop,
} from '@acs/contracts';
import { diagnosticDefinition, type DiagnosticDefinition } from './definitions';

type Values = ReadonlyMap<string, unknown>;

/**
 * The result document of a diagnostic from the values the device reported under its object (a
 * GetParameterValues of `diagnosticReadPaths`): null while DiagnosticsState says it has not run
 * (`None`, `Requested`); an error code for an error state (`Error_NoRouteToHost` ->
 * `error-no-route-to-host`; `Canceled` -> `canceled`); else the measurements, in the same units
 * whichever the model.
 */
export function normaliseDiagnosticResult(
  type: DiagnosticType,
  root: DataModelRoot,
  reported: readonly { name: string; value: unknown }[],
): DiagnosticResult | null {
  const definition = diagnosticDefinition(type, root);
  if (!definition) return null;
  const values: Values = new Map(
    reported
      .filter(({ name }) => name.startsWith(definition.object))
      .map(({ name, value }) => [name.slice(definition.object.length), value]),
  );
  const state = String(values.get('DiagnosticsState') ?? 'None');
  if (state === 'None' || state === 'Requested') return null;
  if (state !== 'Complete' && state !== 'Completed')
    return { outcome: 'error', code: diagnosticStateCode(state) };
  return { outcome: 'complete', measurements: measurementsOf(type, definition, values) };
}

/** `Error_CannotResolveHostName` -> `error-cannot-resolve-host-name`, `Error_NoPASV` -> `error-no-pasv`. */
export function diagnosticStateCode(state: string): string {
  return state
    .replace(/_/g, '-')
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .toLowerCase();
}

function measurementsOf(
  type: DiagnosticType,
  definition: DiagnosticDefinition,
  values: Values,
): DiagnosticMeasurements {
  switch (type) {
    case 'ipPing':
    case 'udpEcho':
      return ping(definition, values);
    case 'traceRoute':
      return {
        responseTimeMs: num(values, 'ResponseTime'),
        hops: hops(values, definition.hopPrefix ?? ''),
        ...address(values),
      };
    case 'download':
      return transfer(values, 'TestBytesReceived');
    case 'upload':
      return transfer(values, 'TestBytesSent');
    case 'nsLookup':
      return { successCount: num(values, 'SuccessCount'), answers: answers(values) };
    case 'serverSelection':
      return {
        fastestHost: str(values, 'FastestHost'),
        averageMs: num(values, 'AverageResponseTime') / 1000,
        minimumMs: num(values, 'MinimumResponseTime') / 1000,
        maximumMs: num(values, 'MaximumResponseTime') / 1000,
        ...address(values),
      };
  }
}

/**
 * Ping and UDP echo: TR-181's ping reports whole milliseconds and, in `*Detailed`, microseconds
 * (preferred when present); UDP echo reports microseconds only.
 */
function ping(definition: DiagnosticDefinition, values: Values) {
  const time = (name: string) => {
    if (definition.microseconds) return num(values, name) / 1000;
    const detailed = values.get(`${name}Detailed`);
    return detailed === undefined ? num(values, name) : Number(detailed) / 1000;
  };
  return {
    successCount: num(values, 'SuccessCount'),
    failureCount: num(values, 'FailureCount'),
    averageMs: time('AverageResponseTime'),
    minimumMs: time('MinimumResponseTime'),
    maximumMs: time('MaximumResponseTime'),
    ...address(values),
  };
}

/**
 * Download and upload: the test's bytes over BOMTime..EOMTime. TR-098's upload reports only
 * TotalBytesSent, which then counts as the test's bytes.
 */
function transfer(values: Values, testBytesName: string) {
  const bomTime = str(values, 'BOMTime');
  const eomTime = str(values, 'EOMTime');
  const durationMs = Math.max(0, millisBetween(bomTime, eomTime) ?? 0);
  const testBytes = num(values, values.has(testBytesName) ? testBytesName : 'TotalBytesSent');
  const tcpOpenMs = millisBetween(
    str(values, 'TCPOpenRequestTime'),
    str(values, 'TCPOpenResponseTime'),
  );
  return {
    bomTime,
    eomTime,
    durationMs,
    testBytes,
    ...optionalNumber(values, 'TotalBytesReceived', 'totalBytesReceived'),
    ...optionalNumber(values, 'TotalBytesSent', 'totalBytesSent'),
    throughputBps: durationMs > 0 ? Math.round((testBytes * 8 * 1000) / durationMs) : 0,
    ...(tcpOpenMs === null ? {} : { tcpOpenMs }),
    ...address(values),
  };
}

function hops(values: Values, prefix: string): TraceRouteHop[] {
  return instances(values, 'RouteHops.').map((at) => ({
    host: str(values, `${at}${prefix}Host`),
    address: str(values, `${at}${prefix}HostAddress`),
    errorCode: num(values, `${at}${prefix}ErrorCode`),
    rttMs: list(values, `${at}${prefix}RTTimes`).map(Number),
  }));
}

function answers(values: Values): NsLookupAnswer[] {
  return instances(values, 'Result.').map((at) => {
    const status = str(values, `${at}Status`);
    return {
      status: status === 'Success' ? 'success' : diagnosticStateCode(status),
      answerType: str(values, `${at}AnswerType`),
      hostNameReturned: str(values, `${at}HostNameReturned`),
      ipAddresses: list(values, `${at}IPAddresses`),
      dnsServerIp: str(values, `${at}DNSServerIP`),
      responseTimeMs: num(values, `${at}ResponseTime`),
    };
  });
}

/** `RouteHops.1.`, `RouteHops.2.`, ... in instance order, from the names reported under `table`. */
function instances(values: Values, table: string): string[] {
  const numbers = new Set<number>();
  for (const name of values.keys()) {
    const match = name.startsWith(table) ? /^(\d+)\./.exec(name.slice(table.length)) : null;
    if (match) numbers.add(Number(match[1]));
  }
  return [...numbers].sort((a, b) => a - b).map((n) => `${table}${n}.`);
}

function address(values: Values): { ipAddressUsed?: string } {
  const used = values.get('IPAddressUsed');
  return used === undefined || used === '' ? {} : { ipAddressUsed: String(used) };
}

function optionalNumber<K extends string>(values: Values, name: string, key: K) {
  return (values.has(name) ? { [key]: num(values, name) } : {}) as Partial<Record<K, number>>;
}

function millisBetween(from: string, to: string): number | null {
  const start = Date.parse(from);
  const end = Date.parse(to);
  // The data models' "unknown time" is 0001-01-01T00:00:00Z: no duration from it.
  if (Number.isNaN(start) || Number.isNaN(end) || start <= 0 || end <= 0) return null;
  return end - start;
}

function num(values: Values, name: string): number {
  const value = Number(values.get(name) ?? 0);
  return Number.isFinite(value) ? value : 0;
}

function str(values: Values, name: string): string {
  const value = values.get(name);
  return value === undefined || value === null ? '' : String(value);
}

function list(values: Values, name: string): string[] {
  return str(values, name)
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}
